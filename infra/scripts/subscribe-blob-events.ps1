# azd postdeploy hook: once the code is deployed, create the Event Grid subscription that fires ParseArticle.
$ErrorActionPreference = 'Stop'
$current = azd env get-value PIPELINE_SUBSCRIBE_BLOB_EVENTS 2>$null
if ($current -ne 'true') {
    Write-Host 'Subscribing ParseArticle to BlobCreated events on the incoming container (one more provision)...'
    azd env set PIPELINE_SUBSCRIBE_BLOB_EVENTS true
    azd provision --no-prompt
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
