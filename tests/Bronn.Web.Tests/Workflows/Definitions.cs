using System.Text.Json.Nodes;

namespace Bronn.Web.Tests.Workflows;

/// <summary>A valid workflow, and ways to break it, as JSON a client would send.</summary>
public static class Definitions
{
    public const string Valid = """
        {"name":"Greeter","nodes":[
          {"id":"start","type":"manual"},
          {"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}},
          {"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.vip == true }}"}},
          {"id":"wait","type":"delay","parameters":{"duration":"00:00:05"}}
        ],"edges":[{"from":"start","to":"greet"},{"from":"greet","to":"check"},{"from":"check","fromPort":"true","to":"wait"}]}
        """;

    public static string Mutate(Action<JsonObject> change)
    {
        var document = JsonNode.Parse(Valid)!.AsObject();
        change(document);
        return document.ToJsonString();
    }

    public static JsonArray Nodes(this JsonObject d) => d["nodes"]!.AsArray();
    public static JsonArray Edges(this JsonObject d) => d["edges"]!.AsArray();
    public static JsonObject Node(this JsonObject d, string id) => d.Nodes().Single(n => (string?)n!["id"] == id)!.AsObject();
    public static JsonObject Parameters(this JsonObject d, string id) => d.Node(id)["parameters"]?.AsObject() ?? (JsonObject)(d.Node(id)["parameters"] = new JsonObject());
    public static void AddJson(this JsonArray array, string json) => array.Add(JsonNode.Parse(json));
}
