using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Core;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddPipeline(builder.Configuration);

// Traces and metrics go to Application Insights when it is configured (always, in Azure: see infra/).
var appInsights = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
var telemetry = builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource(PipelineTelemetry.Name))
    .WithMetrics(metrics => metrics.AddMeter(PipelineTelemetry.Name));
telemetry.UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(appInsights))
{
    var clientId = builder.Configuration["AzureWebJobsStorage__clientId"];
    void Configure(AzureMonitorExporterOptions options)
    {
        options.ConnectionString = appInsights;
        options.Credential = string.IsNullOrEmpty(clientId) ? new DefaultAzureCredential() : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    telemetry.WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure))
        .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure));
}

builder.Build().Run();
