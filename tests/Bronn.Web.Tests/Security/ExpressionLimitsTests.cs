using System.Diagnostics;
using System.Text.Json;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Web.Tests.Security;

/// <summary>Templates that would exhaust the process (finding 1) fail fast, naming the limit they hit.</summary>
public sealed class ExpressionLimitsTests
{
    private static ExpressionScope Scope(string trigger = """{"body":{"n":2000000000,"s":"ab"}}""") => new(Guid.NewGuid(),
        JsonDocument.Parse(trigger).RootElement, new Dictionary<string, JsonElement>(), DateTimeOffset.UnixEpoch);

    private static readonly string Doubling = "{% assign s = 'x' %}" + string.Concat(Enumerable.Repeat("{% assign s = s | append: s %}", 26)) + "{{ s | size }}";
    private static readonly string CaptureDoubling = "{% assign s = 'x' %}" + string.Concat(Enumerable.Repeat("{% capture s %}{{ s }}{{ s }}{% endcapture %}", 26)) + "{{ s | size }}";

    public static TheoryData<string, string> Payloads => new()
    {
        { "{% for i in (1..1000000000) %}{% endfor %}done", "100,000-item limit" },
        { "{% for i in (1..3000000) %}{% endfor %}done", "100,000-item limit" },
        { "{% for i in (1..trigger.body.n) %}{% endfor %}", "100,000-item limit" },
        { "{% assign r = (1..2000000000) %}{{ r | size }}", "100,000-item limit" },
        { "{% for i in (-2000000000..2000000000) reversed %}{% endfor %}", "100,000-item limit" },
        { Doubling, "1,000,000-character limit" },
        { CaptureDoubling, "1,000,000-character limit" },
        { "{% assign s = 'x' %}{% for i in (1..100) %}{% assign s = s | prepend: s %}{% endfor %}", "1,000,000-character limit" },
        { "{% assign s = 'aaaaaaaaaaaaaaaaaaaa' %}{% for i in (1..10) %}{% assign s = s | replace: 'a', 'aaaaaaaaaa' %}{% endfor %}", "1,000,000-character limit" },
        { "{% assign s = 'x' %}{% for i in (1..17) %}{% assign s = s | append: s %}{% endfor %}{% assign parts = s | split: '' %}{{ parts | size }}", "100,000-item limit" },
        { "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..16) %}{% assign s = s | append: s %}{% endfor %}{% for i in (1..50) %}{{ s }}{% endfor %}", "1,000,000-character limit" },
        { "{% for i in (1..10000) %}{% for j in (1..10000) %}{% endfor %}{% endfor %}", "stopped" },
        { "{% assign a = 'x,x,x,x,x,x,x,x,x,x' | split: ',' %}{% for i in (1..17) %}{% assign a = a | concat: a %}{% endfor %}", "100,000-item limit" },
        { "{{ 1 | divided_by: 0 }}", "failed" },
        { "{{ 5 | modulo: 0 }}", "failed" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_runaway_template_fails_within_2_seconds_naming_the_limit(string template, string limit)
    {
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExpressionException>(() => WorkflowExpressions.RenderAsync(template, Scope()));

        Assert.Contains(limit, error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("{% for i in (1..5) %}{{ i }}{% endfor %}", "12345")]
    [InlineData("{{ 'a,b,c' | split: ',' | join: '-' }}", "a-b-c")]
    [InlineData("{% capture c %}{{ trigger.body.s }}!{% endcapture %}{{ c | append: '?' }}", "ab!?")]
    [InlineData("{% assign s = 'xx' | replace: 'x', 'yz' %}{{ s }}", "yzyz")]
    public async Task Ordinary_templates_still_render(string template, string expected) =>
        Assert.Equal(expected, await WorkflowExpressions.RenderAsync(template, Scope()));
}
