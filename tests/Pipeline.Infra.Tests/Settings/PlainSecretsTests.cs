using System.Text.Json.Nodes;
using Pipeline.Infra.Tests.Bicep;
using Xunit.Abstractions;

namespace Pipeline.Infra.Tests.Settings;

/// <summary>No secret in plain text anywhere in the compiled template: no keys, connection strings or passwords.</summary>
public sealed class PlainSecretsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MainTemplate_HasNoPlainSecrets()
    {
        var problems = PlainSecrets.Find(await InfraFiles.CompiledMainAsync());

        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task MainTemplate_SecretSettings_AreKeyVaultReferencesResolvedWithTheAppIdentity()
    {
        var template = await InfraFiles.CompiledMainAsync();
        var settings = ArmTemplate.AppSettings(template);

        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings["Email__Smtp__Password"], StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings["Email__UnsubscribeTokenKey"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD;ClientId=", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Equal("\"managedidentity\"", settings["AzureWebJobsStorage__credential"]);
        var site = Assert.Single(ArmTemplate.ResourcesOfType(template, "Microsoft.Web/sites"), s => s["properties"]?["keyVaultReferenceIdentity"] is not null);
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "\"DefaultEndpointsProtocol=https;AccountName=st;AccountKey=bm90LWEta2V5LWp1c3QtYS10ZXN0LXZhbHVlLXRoYXQtaXMtbG9uZw==\"")]
    [InlineData("AzureWebJobsStorage", "\"[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', parameters('storageAccountName'), listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), '2023-05-01').keys[0].value)]\"")]
    [InlineData("Email__Smtp__Password", "\"hunter2\"")]
    [InlineData("Email__UnsubscribeTokenKey", "\"[parameters('unsubscribeTokenKey')]\"")]
    public async Task Find_PlainSecretInAnAppSetting_IsReported(string name, string valueJson)
    {
        var template = await InfraFiles.CompiledMainAsync();
        var config = Assert.Single(ArmTemplate.ResourcesOfType(template, "Microsoft.Web/sites/config"));
        config["properties"]![name] = JsonNode.Parse(valueJson);

        var problems = PlainSecrets.Find(template);

        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        Assert.Contains(problems, p => p.Contains(name, StringComparison.Ordinal) || p.Contains("appSettings", StringComparison.Ordinal) || p.Contains("properties", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Find_SharedKeyAccessLeftOn_IsReported()
    {
        var template = await InfraFiles.CompiledMainAsync();
        var storage = Assert.Single(ArmTemplate.ResourcesOfType(template, "Microsoft.Storage/storageAccounts"), s => s["properties"] is not null);
        storage["properties"]!["allowSharedKeyAccess"] = true;

        Assert.Contains(PlainSecrets.Find(template), p => p.Contains("allowSharedKeyAccess", StringComparison.Ordinal));
    }
}
