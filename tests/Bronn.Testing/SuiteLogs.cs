using System.Collections.Concurrent;

namespace Bronn.Testing;

/// <summary>
/// The logs of every app the suite runs (in-process factories and child processes) and every secret the stand-ins hand
/// out, written under BRONN_TEST_LOGS when it is set: `./bronn test` greps the one for the other after the run.
/// </summary>
public static class SuiteLogs
{
    public const string Variable = "BRONN_TEST_LOGS";

    private static readonly ConcurrentDictionary<string, byte> Known = new();
    private static readonly Lock Gate = new();

    private static string? Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? folder : null;

    /// <summary>A secret no log line may contain (a token a stand-in issued, a client secret).</summary>
    public static void Secret(string value)
    {
        if (Folder is { } folder && value.Length >= 8 && Known.TryAdd(value, 0))
        {
            Append(Path.Combine(folder, $"secrets-{Environment.ProcessId}.txt"), [value]);
        }
    }

    public static void Save(IEnumerable<string> lines)
    {
        if (Folder is { } folder)
        {
            Append(Path.Combine(folder, $"logs-{Environment.ProcessId}.txt"), lines);
        }
    }

    private static void Append(string file, IEnumerable<string> lines)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.AppendAllLines(file, lines.Select(l => l.ReplaceLineEndings(" ")));
        }
    }
}
