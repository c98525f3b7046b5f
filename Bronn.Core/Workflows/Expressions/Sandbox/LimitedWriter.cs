using System.Text;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>A string writer that refuses to grow past the value length limit and checks the render budget as it goes.</summary>
internal sealed class LimitedWriter(RenderBudget budget, string what) : TextWriter
{
    private readonly StringBuilder text = new();

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value) => Append(1).Append(value);

    public override void Write(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Append(value.Length).Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Append(count).Append(buffer, index, count);

    public override void Write(ReadOnlySpan<char> buffer) => Append(buffer.Length).Append(buffer);

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override string ToString() => text.ToString();

    private StringBuilder Append(int length)
    {
        RenderBudget.CheckLength((long)text.Length + length, what);
        budget.Check();
        return text;
    }
}
