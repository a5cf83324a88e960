using System.Runtime.CompilerServices;

namespace Pipeline.Core.Alerts;

/// <summary>
/// Interns folded words as dense ids, looked up by span without allocating. Every word of a window passes through
/// here, so it keeps its data in a few flat arrays (open addressing over ids, characters in one pool) rather than a
/// dictionary of strings, whose look-ups chase a pointer to each string.
/// </summary>
internal sealed class TermTable
{
    private int[] _slots = new int[1024];
    private int[] _hashes = new int[512];
    private int[] _starts = new int[513];
    private char[] _pool = new char[4096];

    public int Count { get; private set; }

    /// <summary>The id of <paramref name="term"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> term) => Find(term, Hash(term));

    /// <summary>The id of <paramref name="term"/>, adding it when new.</summary>
    public int Intern(ReadOnlySpan<char> term, out bool added)
    {
        var hash = Hash(term);
        var id = Find(term, hash);
        added = id < 0;
        return added ? Add(term, hash) : id;
    }

    public string this[int id] => new(_pool, _starts[id], _starts[id + 1] - _starts[id]);

    private int Find(ReadOnlySpan<char> term, int hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var id = _slots[slot] - 1;
            if (id < 0)
            {
                return -1;
            }

            if (_hashes[id] == hash && _pool.AsSpan(_starts[id], _starts[id + 1] - _starts[id]).SequenceEqual(term))
            {
                return id;
            }
        }
    }

    private int Add(ReadOnlySpan<char> term, int hash)
    {
        var id = Count;
        if (id + 1 == _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
            Array.Resize(ref _starts, (_starts.Length * 2) - 1);
        }

        var start = _starts[id];
        if (start + term.Length > _pool.Length)
        {
            Array.Resize(ref _pool, Math.Max(_pool.Length * 2, start + term.Length));
        }

        term.CopyTo(_pool.AsSpan(start));
        _starts[id + 1] = start + term.Length;
        _hashes[id] = hash;
        Count++;
        if (Count * 2 > _slots.Length)
        {
            _slots = new int[_slots.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                Place(i);
            }
        }
        else
        {
            Place(id);
        }

        return id;
    }

    private void Place(int id)
    {
        var mask = _slots.Length - 1;
        var slot = _hashes[id] & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = id + 1;
    }

    // FNV-1a over the characters, then a final mix so that the low bits, which pick the slot, depend on all of them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<char> term)
    {
        var h = 2166136261u;
        foreach (var c in term)
        {
            h = (h ^ c) * 16777619u;
        }

        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        return (int)(h & 0x7FFFFFFF);
    }
}
