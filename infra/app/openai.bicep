// Azure OpenAI with one gpt-4o-mini deployment. Key auth is off: the app's identity calls it with a token and
// holds Cognitive Services OpenAI User on this account only.
param name string
param location string
param tags object

@description('Tokens-per-minute capacity, in thousands.')
param capacity int

@description('The identity that calls the model (the function app\'s).')
param userPrincipalId string

var openAIUser = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
var deploymentName = 'gpt-4o-mini'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    // A custom subdomain is what token (Microsoft Entra ID) authentication needs.
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: 'GlobalStandard'
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o-mini'
      version: '2024-07-18'
    }
    versionUpgradeOption: 'OnceNewDefaultVersionAvailable'
  }
}

resource caller 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, userPrincipalId, openAIUser)
  scope: account
  properties: {
    principalId: userPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAIUser)
  }
}

output endpoint string = account.properties.endpoint
output deploymentName string = deployment.name
