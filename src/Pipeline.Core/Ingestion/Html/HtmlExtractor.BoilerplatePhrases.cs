using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

// The phrase lists of the boilerplate rules. They are the stock phrases of news and blog templates in the languages
// the pipeline meets most (English, German, Spanish, Portuguese, French, Italian, Dutch, Polish), not lines of any one page.
public sealed partial class HtmlExtractor
{
    [GeneratedRegex(@"\b(newsletter|subscribe|abonnieren sie|jetzt abonnieren|abonnez-vous|suscr[ií]bete|inscreva-se|zapisz się|subskrybuj)", RegexOptions.IgnoreCase)]
    private static partial Regex SignUpWords();

    [GeneratedRegex(
        @"^\W*(lea (también|tambien|más|mas|además)|lee (también|tambien|más)|le puede interesar|te puede interesar|puede interesarte|mira:|ver (también|más):|"
        + @"lire aussi|à lire aussi|a lire aussi|voir aussi|leia (também|mais)|veja (também|mais)|leggi anche|vedi anche|lees ook|zie ook|"
        + @"read (more|also|next)|see also|related( articles| stories| posts| content| news)?\s*(:|$)|more (on this|stories)\s*(:|$)|you (may|might) also like|recommended (for you|articles|stories)|"
        + @"auch interessant|mehr zum thema|mehr dazu|lesen sie (auch|mehr)|auch lesen|das könnte (dich|sie) (auch )?interessieren|zum weiterlesen|weiterlesen|"
        + @"weiterführende (links|artikel|informationen)|empfohlene (beiträge|artikel)|ähnliche (beiträge|artikel)|verwandte (beiträge|artikel|themen)|neueste (artikel|beiträge)|"
        + @"czytaj (też|także|również|więcej)|zobacz (też|także|również)|przeczytaj (też|także|również))",
        RegexOptions.IgnoreCase)]
    private static partial Regex RelatedLeadIn();

    [GeneratedRegex(
        @"^\W*((fotos?|photos?|photograph|bild(er)?|images?|imagen(es)?|imágenes|cr[ée]dits?( photos?)?|quelle|fuente|fonte|zdj[eę]cie|fot\.|beitragsbild|titelbild|symbolbild|copyright)\s*:|©|\(c\) )",
        RegexOptions.IgnoreCase)]
    private static partial Regex CreditLead();

    [GeneratedRegex(@"\b(getty ?images|istock(photo)?|shutterstock|imago|picture alliance|adobe ?stock|unsplash|pixabay)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PictureAgency();

    [GeneratedRegex(@"^\W*(anzeige|werbung|advertisement|advertising|ad|ads|reklama|publicidad|publicité|pubblicità|sponsored|gesponsert|promoted|patrocinado)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex AdLabel();

    // Class and id names of template parts, as theme and CMS authors name them (not taken from any page).
    [GeneratedRegex(
        @"author|(^|[-_ ])bio([-_ ]|$)|share|sharing|social|related|recommend|newsletter|subscri|sign-?up|paywall|promo|teaser|advert|sponsor|widget|sidebar|footer|comment|(^|[-_ ])tags?([-_ ]|$)|tag-?list|breadcrumb|(^|[-_ ])print|rating|toolbar|cookie|consent|donat|follow|read-?more|more-?(stories|articles|news)|outbrain|taboola|disqus|banner",
        RegexOptions.IgnoreCase)]
    private static partial Regex TemplatePartName();
}
