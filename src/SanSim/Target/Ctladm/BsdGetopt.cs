namespace SanSim.Target.Ctladm;

/// <summary>
/// getopt(3) as FreeBSD's libc implements it: options end at the first non-option or "--"; an unknown
/// letter or a missing argument prints "prog: illegal option -- x" / "prog: option requires an argument -- x"
/// and yields '?'. Arguments are never permuted.
/// </summary>
internal sealed class BsdGetopt
{
    private readonly IReadOnlyList<string> _argv;
    private readonly string _optstring;
    private readonly TextWriter _stderr;
    private readonly string _prog;
    private string _place = "";
    private int _pos;

    public BsdGetopt(IReadOnlyList<string> argv, string optstring, int optind, TextWriter stderr, string prog = "ctladm")
    {
        _argv = argv;
        _optstring = optstring;
        _stderr = stderr;
        _prog = prog;
        OptInd = optind;
    }

    /// <summary>Index of the next argument to look at (optind).</summary>
    public int OptInd { get; private set; }

    /// <summary>The argument of the option just returned (optarg), or null.</summary>
    public string? OptArg { get; private set; }

    /// <summary>The next option letter, '?' for an error, or -1 when the options end.</summary>
    public int Next()
    {
        OptArg = null;
        char opt;
        if (_pos >= _place.Length)
        {
            if (OptInd >= _argv.Count || _argv[OptInd].Length == 0 || _argv[OptInd][0] != '-')
            {
                _place = "";
                _pos = 0;
                return -1;
            }
            _place = _argv[OptInd];
            _pos = 1;
            if (_place.Length == 1)
            {
                _place = "";
                _pos = 0;
                if (!_optstring.Contains('-')) return -1;
                opt = '-';
            }
            else
            {
                opt = _place[_pos++];
                if (opt == '-' && _pos == _place.Length)
                {
                    OptInd++;
                    _place = "";
                    _pos = 0;
                    return -1;
                }
            }
        }
        else
        {
            opt = _place[_pos++];
        }

        int at = opt == ':' ? -1 : _optstring.IndexOf(opt);
        if (at < 0)
        {
            if (_pos >= _place.Length) OptInd++;
            _stderr.Write($"{_prog}: illegal option -- {opt}\n");
            return '?';
        }
        bool wantsArg = at + 1 < _optstring.Length && _optstring[at + 1] == ':';
        if (!wantsArg)
        {
            if (_pos >= _place.Length) OptInd++;
            return opt;
        }
        if (_pos < _place.Length)
        {
            OptArg = _place[_pos..];
        }
        else if (_argv.Count > ++OptInd)
        {
            OptArg = _argv[OptInd];
        }
        else
        {
            _place = "";
            _pos = 0;
            _stderr.Write($"{_prog}: option requires an argument -- {opt}\n");
            return '?';
        }
        _place = "";
        _pos = 0;
        OptInd++;
        return opt;
    }
}
