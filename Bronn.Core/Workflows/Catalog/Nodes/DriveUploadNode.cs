using Bronn.Core.Execution;
using Bronn.Core.Integrations.Providers.Drive;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class DriveUploadNode(IServiceProvider services) : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("drive.upload", "Upload file (Google Drive)", NodeCategory.Action, "cloud_upload",
        "Uploads a file into a Drive folder.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("folderId", "Folder ID", ParameterType.String),
            new("fileName", "File name", ParameterType.String, Required: true),
            new("content", "Content", ParameterType.Text, Required: true),
            new("contentType", "Content type", ParameterType.String, Default: "text/plain"),
        ],
        Integration: "google_drive", Scopes: ["https://www.googleapis.com/auth/drive.file"],
        ExampleOutput: new { id = "1AbC", name = "report.txt", webViewLink = "https://drive.google.com/..." });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => ProviderFailures.GuardAsync(async () =>
    {
        var file = await services.GetRequiredService<DriveClient>().UploadAsync(context.OwnerId, await context.TextAsync("folderId"),
            await context.RequiredTextAsync("fileName"), await context.TextAsync("contentType") ?? "text/plain",
            System.Text.Encoding.UTF8.GetBytes(await context.RequiredTextAsync("content")), ct);
        return NodeResult.Of(new { id = file.Id, name = file.Name, webViewLink = file.WebViewLink });
    });
}
