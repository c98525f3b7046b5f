using System.Diagnostics;
using System.Text;

namespace Bronn.Web.Tests.Startup;

/// <summary>Runs a built Bronn program (Bronn.Web, Bronn.Worker, tests/Bronn.StandIn) as its own process, as ./bronn does.</summary>
public sealed class BuiltApp : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private readonly bool isStandIn;

    private BuiltApp(Process process, bool isStandIn)
    {
        this.process = process;
        this.isStandIn = isStandIn;
    }

    public bool HasExited => process.HasExited;

    public int ProcessId => process.Id;

    public string Output { get { lock (output) { return output.ToString(); } } }

    public static BuiltApp Start(string project, IDictionary<string, string?> environment, params string[] args)
    {
        var directory = OutputDirectory(project);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(directory, Path.GetFileName(project) + ".dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Bronn__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var app = new BuiltApp(Process.Start(info)!, project.EndsWith("Bronn.StandIn", StringComparison.Ordinal));
        app.process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        return app;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        process.WaitForExit(); // flushes the redirected output
        return process.ExitCode;
    }

    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>Sends a signal (SIGTERM as a deploy or `kill` does, SIGINT as Ctrl-C does).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    /// <summary>Ends the process at once, as a crash or `kill -9` would.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        if (!isStandIn) // the stand-in prints its own made-up client secret for the user to export
        {
            Bronn.Testing.SuiteLogs.Save(Output.Split('\n'));
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output) { output.AppendLine(line); }
        }
    }

    // The test runs from tests/Bronn.Web.Tests/bin/<Configuration>/net10.0; the app's build output sits beside the repo's project.
    private static string OutputDirectory(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Bronn.sln")))
        {
            root = root.Parent;
        }
        var directory = Path.Combine(root!.FullName, project, "bin", configuration, testOutput.Name);
        return File.Exists(Path.Combine(directory, Path.GetFileName(project) + ".dll"))
            ? directory
            : throw new InvalidOperationException($"{project} is not built at {directory}; build the solution first (./bronn test does).");
    }
}
