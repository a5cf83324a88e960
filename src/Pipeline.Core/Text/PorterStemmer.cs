namespace Pipeline.Core.Text;

/// <summary>
/// The Porter (1980) suffix-stripping stemmer for English, as in Martin Porter's reference implementation.
/// Expects a lower-case word; words of two letters or fewer are returned unchanged.
/// </summary>
public static class PorterStemmer
{
    /// <summary>Returns the stem of a lower-case English word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2)
        {
            return word;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return word;
            }
        }

        var s = new Stemming(word);
        s.Step1Ab();
        if (s.End > 0)
        {
            s.Step1C();
            s.Step2();
            s.Step3();
            s.Step4();
            s.Step5();
        }

        return s.Result();
    }

    /// <summary>State of one word being stemmed: <c>b[0..End]</c> is the current word, <c>J</c> marks the suffix split.</summary>
    private sealed class Stemming(string word)
    {
        private readonly char[] _b = word.ToCharArray();
        private int _j;

        public int End { get; private set; } = word.Length - 1;

        public string Result() => new(_b, 0, End + 1);

        private bool Cons(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !Cons(i - 1),
            _ => true,
        };

        // m() counts the VC sequences in b[0.._j].
        private int M()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (!Cons(i))
                {
                    break;
                }

                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i > _j)
                    {
                        return n;
                    }

                    if (Cons(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i > _j)
                    {
                        return n;
                    }

                    if (!Cons(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
            }
        }

        private bool VowelInStem()
        {
            for (var i = 0; i <= _j; i++)
            {
                if (!Cons(i))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DoubleC(int j) => j >= 1 && _b[j] == _b[j - 1] && Cons(j);

        private bool Cvc(int i)
        {
            if (i < 2 || !Cons(i) || Cons(i - 1) || !Cons(i - 2))
            {
                return false;
            }

            return _b[i] is not ('w' or 'x' or 'y');
        }

        private bool Ends(string s)
        {
            var l = s.Length;
            if (l > End + 1)
            {
                return false;
            }

            for (var i = 0; i < l; i++)
            {
                if (_b[End - l + 1 + i] != s[i])
                {
                    return false;
                }
            }

            _j = End - l;
            return true;
        }

        private void SetTo(string s)
        {
            for (var i = 0; i < s.Length; i++)
            {
                _b[_j + 1 + i] = s[i];
            }

            End = _j + s.Length;
        }

        private void R(string s)
        {
            if (M() > 0)
            {
                SetTo(s);
            }
        }

        public void Step1Ab()
        {
            if (_b[End] == 's')
            {
                if (Ends("sses"))
                {
                    End -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (End >= 1 && _b[End - 1] != 's')
                {
                    End--;
                }
            }

            if (Ends("eed"))
            {
                if (M() > 0)
                {
                    End--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                End = _j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleC(End))
                {
                    End--;
                    if (_b[End] is 'l' or 's' or 'z')
                    {
                        End++;
                    }
                }
                else if (M() == 1 && Cvc(End))
                {
                    _j = End;
                    SetTo("e");
                }
            }
        }

        public void Step1C()
        {
            if (Ends("y") && VowelInStem())
            {
                _b[End] = 'i';
            }
        }

        private static readonly (string Suffix, string Replacement)[] Step2Rules =
        [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
            ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
            ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
            ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
        ];

        private static readonly (string Suffix, string Replacement)[] Step3Rules =
        [
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ];

        private static readonly string[] Step4Suffixes =
        [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
            "ism", "ate", "iti", "ous", "ive", "ize",
        ];

        public void Step2()
        {
            if (End == 0)
            {
                return;
            }

            foreach (var (suffix, replacement) in Step2Rules)
            {
                if (Ends(suffix))
                {
                    R(replacement);
                    return;
                }
            }
        }

        public void Step3()
        {
            foreach (var (suffix, replacement) in Step3Rules)
            {
                if (Ends(suffix))
                {
                    R(replacement);
                    return;
                }
            }
        }

        public void Step4()
        {
            if (End == 0)
            {
                return;
            }

            var matched = false;
            foreach (var suffix in Step4Suffixes)
            {
                if (Ends(suffix))
                {
                    // "ion" is removed only after s or t.
                    if (suffix == "ion" && (_j < 0 || _b[_j] is not ('s' or 't')))
                    {
                        return;
                    }

                    matched = true;
                    break;
                }
            }

            if (matched && M() > 1)
            {
                End = _j;
            }
        }

        public void Step5()
        {
            _j = End;
            if (_b[End] == 'e')
            {
                var a = M();
                if (a > 1 || (a == 1 && !Cvc(End - 1)))
                {
                    End--;
                }
            }

            if (_b[End] == 'l' && DoubleC(End) && M() > 1)
            {
                End--;
            }
        }
    }
}
