using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Tests.Summarisation;

public sealed class KeywordExtractorTests
{
    private static readonly string[] Article =
    [
        "President Donald Trump invoked the Alien Enemies Act to deport gang members to El Salvador.",
        "The men were sent to a prison in El Salvador that holds up to 40,000 inmates.",
        "Lawyers said the prisons of El Salvador are overcrowded, and a judge paused the flights under the Alien Enemies Act.",
        "The prison was built by President Nayib Bukele, and other prisons are planned.",
    ];

    [Fact]
    public void Extract_NewsArticle_KeepsMultiWordNamesWhole()
    {
        var phrases = KeywordExtractor.Extract("Deportations to El Salvador", Article, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("El Salvador", phrases);
        Assert.Contains("Alien Enemies Act", phrases);
        Assert.DoesNotContain(phrases, p => p.Contains("Act to", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_SingularAndPlural_MergesIntoOnePhrase()
    {
        var phrases = KeywordExtractor.Extract("Deportations to El Salvador", Article, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Single(phrases, p => p is "prison" or "prisons");
        Assert.Contains("prison", phrases);
    }

    [Fact]
    public void Extract_CountOption_LimitsAndRanksByScore()
    {
        var keywords = KeywordExtractor.Extract("Deportations to El Salvador", Article, "en", 5);

        Assert.Equal(5, keywords.Count);
        Assert.Equal(1.0, keywords[0].Score, 6);
        Assert.Equal(keywords.OrderByDescending(k => k.Score).Select(k => k.Phrase), keywords.Select(k => k.Phrase));
    }

    [Fact]
    public void Extract_SpanishText_UsesSpanishStopWords()
    {
        string[] text = ["El gobierno de España aprobó la reforma de las pensiones.", "La reforma de las pensiones entra en vigor en enero."];

        var phrases = KeywordExtractor.Extract(string.Empty, text, null, 10).Select(k => k.Phrase).ToList();

        Assert.DoesNotContain(phrases, p => p.StartsWith("la ", StringComparison.Ordinal) || p.StartsWith("de ", StringComparison.Ordinal) || p == "las");
        Assert.Contains(phrases, p => p.Contains("pensiones", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_PhraseTheTextKeepsReturningTo_RanksAboveOneOffPhrase()
    {
        string[] text =
        [
            "Heavy autumn rainfall and flooded access roads delayed the building work.",
            "The solar farm will power 4,000 homes when finished.",
            "Building the solar farm took two years and cost 8 million pounds.",
            "Neighbours opposed the solar farm at first but now back the scheme.",
        ];

        var phrases = KeywordExtractor.Extract(string.Empty, text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Equal("solar farm", phrases[0]);
    }

    [Fact]
    public void Extract_NameJoinedByAnEnDash_StaysOneName()
    {
        // Science writes compound names with an en dash ("Klein–Gordon", "Levenberg–Marquardt"); split there, the
        // phrase became "Gordon equation", which names nothing.
        string[] text =
        [
            "We solve the Klein–Gordon equation on a curved background.",
            "Solutions of the Klein–Gordon equation decay at late times.",
            "The Levenberg–Marquardt algorithm fits the decay constants.",
        ];

        var phrases = KeywordExtractor.Extract(string.Empty, text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("Klein–Gordon equation", phrases);
        Assert.DoesNotContain(phrases, p => p.StartsWith("Gordon", StringComparison.Ordinal) || p.StartsWith("Marquardt", StringComparison.Ordinal));
    }

    [Fact]
    public void CandidateFeatures_TermTheTextGivesAnAbbreviationInBrackets_IsMarkedAndSoIsTheAbbreviation()
    {
        string[] text =
        [
            "Engineers fitted impressed current cathodic protection (ICCP) to the motorway bridge in 2004.",
            "The steel reinforcement corroded less while ICCP ran, and the concrete deck (built 1972) showed no cracks.",
        ];

        var rows = KeywordExtractor.CandidateFeatures(string.Empty, text, "en", KeywordWeights.Default with { Model = null });

        // The last feature says the text names the term on purpose; "concrete deck" is followed by brackets too, but
        // by a date, not by an abbreviation.
        double Marked(string phrase) => rows.Single(r => string.Equals(r.Phrase, phrase, StringComparison.OrdinalIgnoreCase)).Features[^1];
        Assert.Equal(1, Marked("cathodic protection"));
        Assert.Equal(1, Marked("ICCP"));
        Assert.Equal(0, Marked("steel reinforcement"));
        Assert.Equal(0, Marked("concrete deck"));
    }

    [Fact]
    public void Extract_HtmlEntitiesInText_AreDecodedNotTakenForWords()
    {
        string[] text =
        [
            "The mayor&rsquo;s housing plan was approved on Monday.",
            "Critics called the housing plan &lsquo;too little, too late&rsquo; and said rents keep rising.",
            "The housing plan adds 2,000 homes by 2030.",
        ];

        var phrases = KeywordExtractor.Extract("Mayor&#39;s housing plan approved", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("housing plan", phrases);
        Assert.DoesNotContain(phrases, p => p.Contains("rsquo", StringComparison.OrdinalIgnoreCase) || p.Contains("lsquo", StringComparison.OrdinalIgnoreCase) || p.Contains("39", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_ContractionsOfFunctionWords_NeverStartOrEndAPhrase()
    {
        string[] text =
        [
            "\"I'm working two jobs now,\" said one factory worker at the job fair.",
            "\"We’re hiring welders, but they don't apply,\" said a manager at the job fair.",
            "The job fair drew 3,000 people to the factory town.",
        ];

        var phrases = KeywordExtractor.Extract("Job fair draws crowds", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("job fair", phrases);
        Assert.DoesNotContain(phrases, p => p.Contains('\'', StringComparison.Ordinal) || p.Contains('’', StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_NameWithApostrophe_StaysACandidate()
    {
        string[] text =
        [
            "Trainer Jonjo O'Neill said the favourite is in great form.",
            "O'Neill has won the race twice and expects a dry course.",
        ];

        var phrases = KeywordExtractor.Extract("O'Neill upbeat about favourite", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains(phrases, p => p.Contains("O'Neill", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_ShorterNameForTheSameOffice_IsNotListedBelowTheFullName()
    {
        string[] text =
        [
            "State Attorney General Letitia James sued the landlord over unsafe apartments in Brooklyn.",
            "The Attorney General said tenants went without heat for three winters.",
            "A spokesman for the landlord said the company would contest the lawsuit in court.",
            "The State Attorney General is seeking repairs and refunds for tenants, and the Attorney General expects more lawsuits.",
        ];

        var phrases = KeywordExtractor.Extract("Attorney General sues Brooklyn landlord", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains(phrases, p => p.EndsWith("Attorney General", StringComparison.Ordinal));
        for (var i = 0; i < phrases.Count; i++)
        {
            for (var j = i + 1; j < phrases.Count; j++)
            {
                // Same head word at the end: the lower phrase only names the higher one less fully.
                Assert.False(
                    phrases[i].EndsWith(" " + phrases[j], StringComparison.OrdinalIgnoreCase) || phrases[j].EndsWith(" " + phrases[i], StringComparison.OrdinalIgnoreCase),
                    $"'{phrases[j]}' and '{phrases[i]}' name the same thing");
            }
        }
    }

    [Fact]
    public void Extract_NameFollowedByAVerb_PhraseDoesNotEndInTheVerb()
    {
        string[] text =
        [
            "WeWork agreed to leave 40 office buildings under its bankruptcy plan.",
            "Landlords said WeWork agreed to pay part of the rent it owed before the bankruptcy hearing.",
            "WeWork sold two buildings in Chicago, and the office market kept falling.",
            "The bankruptcy plan cuts the office rent WeWork pays by half.",
        ];

        var phrases = KeywordExtractor.Extract("WeWork agreed to leave 40 buildings", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("WeWork", phrases);
        string[] verbs = ["agreed", "said", "sold", "kept", "pays", "owed", "leave"];
        Assert.DoesNotContain(phrases, p => verbs.Contains(p.Split(' ')[^1]));
    }

    [Fact]
    public void Extract_VerbShoutedInAQuoteAndUsedAsAVerbElsewhere_NotAPhrase()
    {
        string[] text =
        [
            "The minister toured the detention centre on Wednesday and warned migrants in a video message.",
            "\"Our message to migrants is clear: LEAVE NOW. If you do not leave, we will find you,\" the minister said.",
            "The detention centre holds migrants from the border region, officials said.",
        ];

        var phrases = KeywordExtractor.Extract("Minister tours detention centre", text, "en", 10).Select(k => k.Phrase.ToLowerInvariant()).ToList();

        Assert.Contains(phrases, p => p.Contains("detention centre", StringComparison.Ordinal));
        Assert.DoesNotContain("leave", phrases);
    }

    [Fact]
    public void Extract_NameInAShoutingLine_TakesTheCasingTheTextUsuallyUses()
    {
        string[] text =
        [
            "EL SALVADOR CAUCUS DEMANDS ANSWERS ON DEPORTATIONS",
            "Members of the El Salvador Caucus asked the State Department for the names of the deported men.",
            "The El Salvador Caucus said families had not heard from them since the flights landed.",
            "The caucus wants lawyers to visit the prison in El Salvador.",
        ];

        var phrases = KeywordExtractor.Extract("EL SALVADOR CAUCUS WANTS ANSWERS", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains(phrases, p => p.Contains("El Salvador", StringComparison.Ordinal));
        Assert.DoesNotContain(phrases, p => p.Contains("EL", StringComparison.Ordinal) || p.Contains("SALVADOR", StringComparison.Ordinal) || p.Contains("CAUCUS", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_VerbsAndAdverbsAfterATerm_PhraseIsTheNounPhraseAlone()
    {
        string[] text =
        [
            "Solar panels degrade faster in humid climates.",
            "Engineers measured how solar panels degrade rather slowly in dry climates over ten years.",
            "Solar panels remain stable when cooled, and cooled solar panels degrade less.",
        ];

        var phrases = KeywordExtractor.Extract("Solar panels in humid climates", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("solar panels", phrases);
        string[] notInAPhrase = ["degrade", "remain", "rather", "slowly", "faster"];
        Assert.DoesNotContain(phrases, p => p.Split(' ').Any(notInAPhrase.Contains));
    }

    [Fact]
    public void Extract_RunEndingInAnAdjective_PhraseEndsInItsNoun()
    {
        string[] text =
        [
            "The heat pump market grew after the subsidy, and heat pumps sold out in winter.",
            "Installers found heat pumps efficient in old houses, and owners found heat pumps reliable.",
            "Heat pumps expensive to install still sold, and heat pumps popular with owners sold first.",
        ];

        var phrases = KeywordExtractor.Extract("Heat pumps", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains(phrases, p => p.Equals("heat pumps", StringComparison.OrdinalIgnoreCase));
        string[] adjectives = ["efficient", "reliable", "expensive", "popular"];
        Assert.DoesNotContain(phrases, p => adjectives.Contains(p.Split(' ')[^1]));
    }

    [Fact]
    public void Extract_PhraseInsideABetterOne_OnlyTheBetterOneStays()
    {
        string[] text =
        [
            "Heat pump installation costs fell this year, and heat pump installation grants rose.",
            "Installers say heat pump installation takes two days; a heat pump lasts twenty years.",
            "Grants now cover heat pump installation in flats, where a heat pump is harder to fit.",
        ];

        var phrases = KeywordExtractor.Extract("Heat pump installation gets cheaper", text, "en", 10).Select(k => k.Phrase.ToLowerInvariant()).ToList();

        Assert.Contains("heat pump installation", phrases);
        Assert.DoesNotContain("heat pump", phrases);
    }

    [Fact]
    public void Extract_NameUsedAsAModifier_BothStay()
    {
        string[] text =
        [
            "UK companies raised prices again in March, the survey of UK companies found.",
            "The UK economy grew slowly, and UK companies expect weak demand.",
            "Exporters in the UK said UK companies face higher costs than rivals in the UK market.",
        ];

        var phrases = KeywordExtractor.Extract("UK companies raise prices", text, "en", 10).Select(k => k.Phrase).ToList();

        Assert.Contains("UK companies", phrases);
        Assert.Contains("UK", phrases);
    }

    [Fact]
    public void Extract_WordMostOftenAVerb_HeadsACompoundButIsNoVerbPhrase()
    {
        string[] text =
        [
            "The tax cut passed on Tuesday, and retailers said the tax cut came too late.",
            "Landlords fitted a heat pump in every flat; the heat pump halves heating bills.",
            "Companies raise wages when the tax cut lowers costs, and unions help members claim it.",
        ];

        var phrases = KeywordExtractor.Extract("Tax cut passes", text, "en", 10).Select(k => k.Phrase.ToLowerInvariant()).ToList();

        Assert.Contains("tax cut", phrases);
        Assert.Contains("heat pump", phrases);
        Assert.DoesNotContain(phrases, p => p.Split(' ').Any(w => w is "raise" or "help"));
    }

    [Theory]
    [InlineData("11 1 23", "1", true)]
    [InlineData("11 1", "1", true)]
    [InlineData("11 12", "1", false)]
    [InlineData("4 11 12", "11 12", true)]
    [InlineData("4 111 12", "11 12", false)]
    public void Contains_StemKeys_MatchesWholeIdsOnly(string longer, string shorter, bool expected)
    {
        Assert.Equal(expected, KeywordExtractor.Contains(longer, shorter));
    }
}
