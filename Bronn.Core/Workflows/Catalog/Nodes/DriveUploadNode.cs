namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class DriveUploadNode : INodeType
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
}
