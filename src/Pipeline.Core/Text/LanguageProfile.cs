using System.Collections.Frozen;

namespace Pipeline.Core.Text;

/// <summary>
/// What the text tools need to know about one language: its stop words and the abbreviations after which a full stop
/// does not end a sentence. English, Spanish, French and German are built in.
/// </summary>
public sealed class LanguageProfile
{
    private LanguageProfile(string code, string stopWords, string abbreviations, bool ordinalDots)
    {
        Code = code;
        StopWords = stopWords.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);
        Abbreviations = abbreviations.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        StopWordLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        AbbreviationLookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        OrdinalDots = ordinalDots;
    }

    /// <summary>The two-letter language code ("en").</summary>
    public string Code { get; }

    /// <summary>Lower-case function words that carry no topic.</summary>
    public FrozenSet<string> StopWords { get; }

    /// <summary>Words (without their full stop) that are usually followed by a full stop mid-sentence: titles, months, "No".</summary>
    public FrozenSet<string> Abbreviations { get; }

    /// <summary>Whether "3. Oktober" style ordinals are written with a full stop (German), so a number before a full stop ends no sentence.</summary>
    public bool OrdinalDots { get; }

    internal FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup { get; }

    internal FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup { get; }

    /// <summary>
    /// Whether a lower-case word is a stop word. A contraction of two stop words ("i'm", "don't", "we’re", "c'est") is one
    /// too; a name with an apostrophe ("o'neill") is not.
    /// </summary>
    public bool IsStopWord(ReadOnlySpan<char> lowerWord)
    {
        if (StopWordLookup.Contains(lowerWord))
        {
            return true;
        }

        var apostrophe = lowerWord.IndexOfAny('\'', '’');
        return apostrophe > 0 && apostrophe < lowerWord.Length - 1
            && StopWordLookup.Contains(lowerWord[..apostrophe]) && StopWordLookup.Contains(lowerWord[(apostrophe + 1)..]);
    }

    public static LanguageProfile English { get; } = new(
        "en",
        """
        a about above across after afterwards again against all almost alone along already also although always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
        be became because become becomes becoming been before beforehand behind being below beside besides between beyond both but by
        can cannot could did do does doing done down during each either else elsewhere enough etc even ever every everyone everything everywhere except
        few for former formerly from further had has have having he hence her here hereafter hereby herein hers herself him himself his how however i if in indeed into is it its itself
        just last latter latterly least less many may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere
        of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps please quite rather really
        same say says said see seem seemed seeming seems several she should since so some somehow someone something sometime sometimes somewhere still such
        than that the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to together too toward towards
        under until up upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within without would yet you your yours yourself yourselves
        s t don didn doesn isn wasn weren won wouldn couldn shouldn ve ll re d m also mr mrs ms
        """,
        "mr mrs ms mx dr prof rep reps sen sens gen gov lt col sgt capt cmdr adm maj cpl pvt rev hon pres supt det insp st sr jr messrs " +
        "jan feb apr jun jul aug sep sept oct nov dec mon tue tues thu thur thurs fri " +
        "no nos vol vols fig figs p pp ca approx est vs v dept univ assn bros ave blvd rd mt ft inc corp co ltd plc al",
        ordinalDots: false);

    public static LanguageProfile Spanish { get; } = new(
        "es",
        """
        a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estaban estado estamos estan está están estar estas este esto estos estoy fue fueron fui ha habia había han has hasta hay la las le les lo los mas más me mi mis mucho muy nada ni no nos nosotros o os otra otras otro otros para pero poco por porque que qué quien quienes se sea ser si sí sido sin sobre son su sus también tanto te tiene tienen todo todos tu tus un una uno unos usted ustedes y ya yo él
        dijo según cada sus ese esa hacer hace puede pueden será sería fueron sólo solo tras
        """,
        "sr sra srta sres dr dra ud uds lic ing prof pág núm etc ej av avda gral",
        ordinalDots: false);

    public static LanguageProfile French { get; } = new(
        "fr",
        """
        a à ai aie au aux avec avait avaient avoir c ce ceci cela celle celles celui ces cet cette comme d dans de des du donc elle elles en encore est et été être eu fait il ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par pas peu peut plus pour qu que quel quelle qui s sa sans se ses si son sont sur ta te tes toi ton tous tout toute toutes tu un une vos votre vous y
        était étaient sera seront sont cette selon depuis entre aussi après avant chez dont déjà très
        """,
        "m mm mme mmes mlle mlles dr pr me st ste av bd etc janv févr avr juil sept oct nov déc",
        ordinalDots: false);

    public static LanguageProfile German { get; } = new(
        "de",
        """
        aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei beim bin bis bist da damit dann das dass daß dein dem den denn der des dessen dich die dies diese dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist jede jedem jeden jeder jedes jetzt kann kein keine können könnte man manche mein meine mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind so solche soll sollte sondern um und uns unser unter viel vom von vor war waren warst was weil weiter welche wenn wer werde werden wie wieder will wir wird wirst wo wurde wurden zu zum zur über
        sagte sei seien worden hatte sowie bereits
        """,
        "hr hrn fr dr prof nr st bzw usw ca vgl evtl ggf inkl sog jan feb märz apr jun jul aug sep sept okt nov dez abs",
        ordinalDots: true);

    /// <summary>The built-in profiles, English first.</summary>
    public static IReadOnlyList<LanguageProfile> All { get; } = [English, Spanish, French, German];

    /// <summary>The profile for a BCP-47 tag ("en-GB" → English), or null when the language is not built in.</summary>
    public static LanguageProfile? ForTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Split('-', '_')[0];
        return All.FirstOrDefault(p => string.Equals(p.Code, primary, StringComparison.OrdinalIgnoreCase));
    }
}
