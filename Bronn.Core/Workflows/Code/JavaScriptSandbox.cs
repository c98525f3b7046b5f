using System.Globalization;
using System.Text.Json;
using Bronn.Core.Execution;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Workflows.Code;

/// <summary>
/// Runs people's JavaScript (the code node) in Jint with no way out: strict mode, no CLR access, no modules, no eval or
/// Function from strings, a fixed clock, culture and time zone, and limits on time, memory, statements, recursion
/// depth and scripts at once (Engine:Code). A fresh engine per script, so nothing one run changes reaches another.
/// </summary>
public sealed class JavaScriptSandbox(IOptions<EngineOptions> options)
{
    private readonly SemaphoreSlim turns = new(options.Value.Code.MaxConcurrent, options.Value.Code.MaxConcurrent);
    private int running;
    private int mostAtOnce;

    /// <summary>The most scripts that ran at the same moment since the process started.</summary>
    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    /// <summary>Calls the code as the body of <c>function (<paramref name="parameter"/>)</c> with the argument.</summary>
    /// <returns>What it returned, as JSON; null for null or undefined.</returns>
    public async Task<JsonElement?> RunAsync(string code, string parameter, JsonElement argument, DateTimeOffset now, CancellationToken ct)
    {
        await turns.WaitAsync(ct);
        var atOnce = Interlocked.Increment(ref running);
        int most;
        while (atOnce > (most = Volatile.Read(ref mostAtOnce)) && Interlocked.CompareExchange(ref mostAtOnce, atOnce, most) != most)
        {
        }
        try
        {
            // Jint runs synchronously; its memory limit counts this thread's allocations.
            return await Task.Run(() => Run(code, parameter, argument, now, ct), ct);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            turns.Release();
        }
    }

    /// <summary>The code's first syntax error as "Line n: message", or null when it parses.</summary>
    public static string? SyntaxError(string code)
    {
        try
        {
            Engine.PrepareScript(Wrap(code, "item"), strict: true);
            return null;
        }
        catch (Exception ex) when (ex is ScriptPreparationException or Acornima.ParseErrorException)
        {
            var parse = ex as Acornima.ParseErrorException ?? ex.InnerException as Acornima.ParseErrorException;
            return parse is null ? ex.Message : $"Line {parse.LineNumber}: {parse.Description}";
        }
    }

    // On one line with the code's first, so the code's line numbers are the script's.
    private static string Wrap(string code, string parameter) => $"(function ({parameter}) {{ {code}\n}})";

    private JsonElement? Run(string code, string parameter, JsonElement argument, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return Evaluate(code, parameter, argument, now, ct);
        }
        catch (MemoryLimitExceededException)
        {
            throw Limit($"used more than {options.Value.Code.MaxMemoryBytes / 1024 / 1024} MB of memory", "Engine:Code:MaxMemoryBytes");
        }
    }

    private JsonElement? Evaluate(string code, string parameter, JsonElement argument, DateTimeOffset now, CancellationToken ct)
    {
        var limits = options.Value.Code;
        using var engine = new Engine(o =>
        {
            o.Strict().DisableStringCompilation().LimitMemory(limits.MaxMemoryBytes).TimeoutInterval(limits.Timeout)
                .MaxStatements(limits.MaxStatements).LimitRecursion(limits.MaxRecursion).CancellationToken(ct);
            o.Culture = CultureInfo.InvariantCulture;
            o.TimeZone = TimeZoneInfo.Utc;
            o.TimeSystem = new FixedClock(now);
        });
        try
        {
            var input = new Jint.Native.Json.JsonParser(engine).Parse(argument.GetRawText());
            var function = engine.Evaluate(Wrap(code, parameter));
            var result = engine.Invoke(function, input);
            if (result.IsNull() || result.IsUndefined())
            {
                return null;
            }
            if (result is Function)
            {
                throw new NodeFailedException("The code returned a function; return data (an object, or null).", retryable: false);
            }
            var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(result).AsString();
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JavaScriptException ex)
        {
            throw new NodeFailedException($"Line {ex.Location.Start.Line}: {ex.Message}", retryable: false);
        }
        catch (Exception ex) when (ex is ScriptPreparationException or Acornima.ParseErrorException)
        {
            throw new NodeFailedException(SyntaxError(code) ?? ex.Message, retryable: false);
        }
        catch (TimeoutException)
        {
            throw Limit($"ran longer than {limits.Timeout.TotalSeconds:0.###} s", "Engine:Code:Timeout");
        }
        catch (StatementsCountOverflowException)
        {
            throw Limit($"executed more than {limits.MaxStatements:N0} statements", "Engine:Code:MaxStatements");
        }
        catch (RecursionDepthOverflowException)
        {
            throw Limit($"nested calls deeper than {limits.MaxRecursion}", "Engine:Code:MaxRecursion");
        }
    }

    private static NodeFailedException Limit(string what, string setting) => new($"The code {what} ({setting}).", retryable: false);

    /// <summary>Date.now() and new Date() are the step's start: a script's result does not depend on when it ran.</summary>
    private sealed class FixedClock(DateTimeOffset now) : ITimeSystem
    {
        private readonly DefaultTimeSystem system = new(TimeZoneInfo.Utc, CultureInfo.InvariantCulture);

        public DateTimeOffset GetUtcNow() => now;

        public TimeZoneInfo DefaultTimeZone => TimeZoneInfo.Utc;

        public bool TryParse(string date, out long epochMilliseconds) => system.TryParse(date, out epochMilliseconds);

        public TimeSpan GetUtcOffset(long epochMilliseconds) => TimeSpan.Zero;
    }
}
