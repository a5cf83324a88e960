// The Function App on the Flex Consumption plan (FC1), .NET 10 isolated worker, with every setting the code reads.
// Identity-based connections only: storage through AzureWebJobsStorage__*, Key Vault references resolved with the
// user-assigned identity, Application Insights with Microsoft Entra ID authentication.
param name string
param planName string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string

param storageAccountName string

@description('The storage account\'s blob endpoint, ending in a slash.')
param blobEndpoint string

@description('Container, queue and table names (see main.bicep).')
param names {
  incomingContainer: string
  articlesContainer: string
  summariesContainer: string
  quarantineContainer: string
  digestsContainer: string
  deploymentContainer: string
  summariseQueue: string
  digestsQueue: string
  subscribersTable: string
  subscriberScheduleTable: string
  deliveriesTable: string
  ingestionsTable: string
  summaryIndexTable: string
  failuresTable: string
}

param appInsightsConnectionString string

@description('Azure OpenAI endpoint; empty: the extractive summariser.')
param openAIEndpoint string
param openAIDeployment string

param smtpHost string
param smtpPort int
param smtpUsername string
param smtpSecurity string

@description('The Key Vault URI, ending in a slash, and the names of the secrets in it.')
param keyVaultUri string
param secretNames { smtpPassword: string, unsubscribeTokenKey: string }

@description('Whether the vault holds an SMTP password (otherwise the setting is empty).')
param hasSmtpPassword bool
param emailFrom string

@description('Six-field NCRONTAB schedule of the digest pass.')
param digestSchedule string = '0 */15 * * * *'

@description('Flex Consumption scale-out limit and instance size.')
param maximumInstanceCount int = 40
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${names.deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting the code reads (tests/Pipeline.Infra.Tests checks this against the code). Flex Consumption sets
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION itself and rejects them here.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AZURE_CLIENT_ID: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'

    IncomingContainer: names.incomingContainer
    ArticlesContainer: names.articlesContainer
    SummariesContainer: names.summariesContainer
    QuarantineContainer: names.quarantineContainer
    DigestsContainer: names.digestsContainer
    SummariseQueue: names.summariseQueue
    DigestsQueue: names.digestsQueue
    SubscribersTable: names.subscribersTable
    SubscriberScheduleTable: names.subscriberScheduleTable
    DeliveriesTable: names.deliveriesTable
    IngestionsTable: names.ingestionsTable
    SummaryIndexTable: names.summaryIndexTable
    FailuresTable: names.failuresTable
    DigestSchedule: digestSchedule

    Ingestion__MaxFileBytes: '10485760'
    Ingestion__MaxArticlesPerFile: '1000'

    // How many articles a digest email lists per alert; the rest are "and N more", listed in the web copy.
    Digest__MaxArticlesPerAlert: '10'

    Summariser__Sentences: '3'
    Summariser__MaxWords: '0'
    Summariser__Keywords: '10'
    Summariser__AzureOpenAI__Endpoint: openAIEndpoint
    Summariser__AzureOpenAI__Deployment: openAIDeployment

    Email__From: emailFrom
    Email__FromName: 'Pipeline digests'
    // The app's folder is read-only on Flex Consumption; without SMTP, digests land in the instance's temp folder.
    Email__OutboxPath: '/tmp/outbox'
    Email__Smtp__Host: smtpHost
    Email__Smtp__Port: string(smtpPort)
    Email__Smtp__Username: smtpUsername
    // Secrets are versionless Key Vault references, so a rotated secret is picked up without redeploying.
    Email__Smtp__Password: hasSmtpPassword ? '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.smtpPassword})' : ''
    Email__Smtp__Security: smtpSecurity
    // The links in emails (unsubscribe, confirm, manage, view in browser) point at the app's own HTTP functions.
    Email__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
    Email__UnsubscribeTokenKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.unsubscribeTokenKey})'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
