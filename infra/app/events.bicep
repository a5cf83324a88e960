// Event Grid: the storage account's system topic, and a subscription that sends BlobCreated events for the
// incoming container to the blob extension's webhook, which runs ParseArticle (the Event Grid blob trigger).
param name string
param location string
param tags object
param storageAccountName string
param functionAppName string
param incomingContainer string

@description('Create the subscription. Needs the deployed code: the blobs_extension key and the webhook\'s validation handshake exist only then.')
param subscribe bool

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The webhook's code is the host's blobs_extension system key: read at deployment time, stored by Event Grid in the
// (write-only) endpoint URL, never in an app setting or an output.
resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (subscribe) {
  parent: topic
  name: 'incoming-to-parsearticle'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.ParseArticle&code=${listKeys('${site.id}/host/default', site.apiVersion).systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${incomingContainer}/'
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: ['PutBlob', 'PutBlockList', 'CopyBlob', 'FlushWithClose']
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output topicName string = topic.name
