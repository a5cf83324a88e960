using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("The minister said that the new law would be signed by the president before the end of the year.", "en")]
    [InlineData("El ministro dijo que la nueva ley sería firmada por el presidente antes del final del año y que los ciudadanos no tienen que preocuparse.", "es")]
    [InlineData("Le ministre a dit que la nouvelle loi serait signée par le président avant la fin de l'année et que les citoyens ne doivent pas s'inquiéter.", "fr")]
    [InlineData("Der Minister sagte, dass das neue Gesetz vor dem Ende des Jahres von dem Präsidenten unterschrieben wird und die Bürger sich nicht sorgen müssen.", "de")]
    public void Detect_NewsSentence_FindsItsLanguage(string text, string code)
    {
        Assert.Equal(code, LanguageDetector.Detect(text).Code);
    }

    [Fact]
    public void Resolve_KnownTag_WinsOverDetection()
    {
        Assert.Equal("de", LanguageDetector.Resolve("de-AT", "The text is in English.").Code);
    }

    [Fact]
    public void Resolve_UnknownTag_FallsBackToDetection()
    {
        Assert.Equal("en", LanguageDetector.Resolve("ja", "The text is in English, not in Japanese.").Code);
    }
}
