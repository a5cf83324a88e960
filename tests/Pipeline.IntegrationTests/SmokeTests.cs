namespace Pipeline.IntegrationTests;

public sealed class SmokeTests
{
    [Fact]
    public void True_IsTrue() => Assert.True(1 + 1 == 2);
}
