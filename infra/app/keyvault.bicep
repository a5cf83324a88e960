// Key Vault in RBAC mode for the app's secrets. The app reads them through Key Vault references with its
// user-assigned identity, which holds Key Vault Secrets User on this vault and nothing more.
param name string
param location string
param tags object

@description('The identity that reads the secrets (the function app\'s).')
param readerPrincipalId string

@description('The user running azd (empty: none). azd reads the unsubscribe key back at the next provision to keep it stable.')
param userPrincipalId string

@secure()
@description('The SMTP password; no secret is created when it is empty.')
param smtpPassword string

@secure()
param unsubscribeTokenKey string

@description('Names of the secrets: smtpPassword and unsubscribeTokenKey.')
param secretNames { smtpPassword: string, unsubscribeTokenKey: string }

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: secretNames.smtpPassword
  properties: { value: smtpPassword }
}

resource unsubscribeKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.unsubscribeTokenKey
  properties: { value: unsubscribeTokenKey }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource userReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  name: guid(vault.id, userPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: userPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

output name string = vault.name

@description('The vault URI, ending in a slash; secret URIs are <uri>secrets/<name>.')
output uri string = vault.properties.vaultUri
