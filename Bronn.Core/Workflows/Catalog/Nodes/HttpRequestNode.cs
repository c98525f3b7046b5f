namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class HttpRequestNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("http.request", "HTTP request", NodeCategory.Action, "http",
        "Calls any HTTP API and returns its status, headers and body.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("method", "Method", ParameterType.Select, Default: "GET", Options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
            new("url", "URL", ParameterType.String, Required: true),
            new("headers", "Headers", ParameterType.KeyValue),
            new("body", "Body", ParameterType.Text),
            new("timeout", "Timeout", ParameterType.Duration, Default: "00:00:30"),
        ],
        ExampleOutput: new { status = 200, headers = new { }, body = new { } });
}
