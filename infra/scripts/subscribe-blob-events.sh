#!/bin/sh
# azd postdeploy hook: once the code is deployed, create the Event Grid subscription that fires ParseArticle.
set -eu
if [ "$(azd env get-value PIPELINE_SUBSCRIBE_BLOB_EVENTS 2>/dev/null || true)" != "true" ]; then
  echo "Subscribing ParseArticle to BlobCreated events on the incoming container (one more provision)..."
  azd env set PIPELINE_SUBSCRIBE_BLOB_EVENTS true
  azd provision --no-prompt
fi
