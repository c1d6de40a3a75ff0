using System.Diagnostics;

namespace ActivationArena;

/// <summary>A one-line progress bar on standard error (so standard output stays a clean table); redrawn at most ten
/// times a second, and silent when standard error is not a terminal.</summary>
internal sealed class ProgressBar(long total)
{
    private const int Width = 28;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private long _lastDraw = -1000;

    public void Advance(string status)
    {
        _done++;
        long now = _clock.ElapsedMilliseconds;
        if (!_interactive || (now - _lastDraw < 100 && _done < total))
        {
            return;
        }

        _lastDraw = now;
        double fraction = (double)_done / total;
        int filled = (int)Math.Round(fraction * Width);
        string line = $"\r[{new string('█', filled)}{new string('·', Width - filled)}] {fraction,4:P0}  {_clock.Elapsed:mm\\:ss}  {status}";
        int columns = TerminalColumns();
        Console.Error.Write(line.Length >= columns ? line[..(columns - 1)] : line.PadRight(columns - 1));
    }

    public void Finish()
    {
        if (_interactive)
        {
            Console.Error.Write('\r' + new string(' ', TerminalColumns() - 1) + '\r');
        }
    }

    private static int TerminalColumns()
    {
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
