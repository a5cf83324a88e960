// Pipeline on Azure: one resource group with a Flex Consumption Function App (.NET 10 isolated), its storage,
// a user-assigned identity, Key Vault, Application Insights, Event Grid and (optionally) Azure OpenAI.
// Deployed with `azd up`; see README "Deploying". No secret is ever written into an app setting.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name the resource group and derive unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (Flex Consumption must be available there).')
param location string

@description('Object id of the user or service principal running azd; gets data access to upload files and add subscribers. Empty: none.')
param principalId string = ''

@description('Deploy an Azure OpenAI account and a gpt-4o-mini deployment for summaries (otherwise the local extractive summariser runs).')
param deployOpenAI bool = true

@description('Region of the Azure OpenAI account (gpt-4o-mini GlobalStandard must be offered there); empty: location.')
param openAILocation string = ''

@description('Tokens-per-minute capacity of the model deployment, in thousands.')
@minValue(1)
param openAICapacity int = 10

@description('Create the Event Grid subscription that fires ParseArticle. It needs the deployed code (the blob extension key and its validation handshake), so azd sets it after the first deploy (see azure.yaml).')
param subscribeBlobEvents bool = false

@description('SMTP server for digests; empty keeps the outbox (files in the app\'s temp folder, not delivered).')
param smtpHost string = ''

@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP user name; empty for none.')
param smtpUsername string = ''

@secure()
@description('SMTP password; stored only in Key Vault. Empty: no password.')
param smtpPassword string = ''

@allowed(['Auto', 'None', 'StartTls', 'SslOnConnect'])
param smtpSecurity string = 'Auto'

@description('The sender address of every digest.')
param emailFrom string = 'digests@pipeline.local'

@secure()
@description('Key that signs unsubscribe tokens; stored only in Key Vault. azd keeps it stable across runs (main.parameters.json).')
param unsubscribeTokenKey string

var tags = { 'azd-env-name': environmentName }
var secretNames = { smtpPassword: 'smtp-password', unsubscribeTokenKey: 'unsubscribe-token-key' }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var functionAppName = 'func-${resourceToken}'

// The one list of storage names: the storage module creates them and the function app's settings name them.
var names = {
  incomingContainer: 'incoming'
  articlesContainer: 'articles'
  summariesContainer: 'summaries'
  quarantineContainer: 'quarantine'
  digestsContainer: 'digests'
  deploymentContainer: 'app-package-${resourceToken}'
  summariseQueue: 'summarise'
  digestsQueue: 'digests'
  subscribersTable: 'Subscribers'
  subscriberScheduleTable: 'SubscriberSchedule'
  deliveriesTable: 'Deliveries'
  ingestionsTable: 'Ingestions'
  summaryIndexTable: 'SummaryIndex'
  failuresTable: 'Failures'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containers: [
      names.incomingContainer
      names.articlesContainer
      names.summariesContainer
      names.quarantineContainer
      names.digestsContainer
      names.deploymentContainer
    ]
    queues: [names.summariseQueue, names.digestsQueue]
    tables: [names.subscribersTable, names.subscriberScheduleTable, names.deliveriesTable, names.ingestionsTable, names.summaryIndexTable, names.failuresTable]
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module vault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    secretNames: secretNames
    smtpPassword: smtpPassword
    unsubscribeTokenKey: unsubscribeTokenKey
  }
}

module openAI 'app/openai.bicep' = if (deployOpenAI) {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-${resourceToken}'
    location: empty(openAILocation) ? location : openAILocation
    tags: tags
    capacity: openAICapacity
    userPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    names: names
    appInsightsConnectionString: monitoring.outputs.connectionString
    openAIEndpoint: deployOpenAI ? openAI!.outputs.endpoint : ''
    openAIDeployment: deployOpenAI ? openAI!.outputs.deploymentName : ''
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUsername: smtpUsername
    smtpSecurity: smtpSecurity
    keyVaultUri: vault.outputs.uri
    secretNames: secretNames
    hasSmtpPassword: !empty(smtpPassword)
    emailFrom: emailFrom
  }
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    functionAppName: functionApp.outputs.name
    incomingContainer: names.incomingContainer
    subscribe: subscribeBlobEvents
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_OPENAI_ENDPOINT string = deployOpenAI ? openAI!.outputs.endpoint : ''
output INCOMING_CONTAINER string = names.incomingContainer
output SUBSCRIBERS_TABLE string = names.subscribersTable
