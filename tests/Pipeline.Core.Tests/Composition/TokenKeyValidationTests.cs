namespace Pipeline.Core.Tests.Composition;

public sealed class TokenKeyValidationTests
{
    [Fact]
    public async Task Start_NoUnsubscribeTokenKey_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { [PipelineComposition.TokenKeySetting] = "" });

        Assert.Contains("UnsubscribeTokenKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ShortUnsubscribeTokenKey_FailsNamingTheSettingButNotTheKey()
    {
        const string canary = "canary-short-key-31-characters";
        var error = await PipelineComposition.StartWithAsync(new() { [PipelineComposition.TokenKeySetting] = canary });

        Assert.Contains("UnsubscribeTokenKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, error.ToString(), StringComparison.Ordinal);
    }
}
