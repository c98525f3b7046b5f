using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// Builds a Temporal event history (the JSON `temporal workflow show --output json` prints) for the interpreter:
/// one workflow task per step, each scheduling one activity whose result is given. For WorkflowReplayer.
/// </summary>
public sealed class TemporalHistory(string workflowType, string taskQueue)
{
    private readonly JsonArray events = [];
    private int activityId;
    private int lastWorkflowTaskCompleted;

    public static JsonObject Payload(object? value) => new()
    {
        ["metadata"] = new JsonObject { ["encoding"] = Convert.ToBase64String("json/plain"u8) },
        ["data"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)),
    };

    public TemporalHistory Started(object input)
    {
        Add("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "workflowExecutionStartedEventAttributes", new JsonObject
        {
            ["workflowType"] = new JsonObject { ["name"] = workflowType },
            ["taskQueue"] = new JsonObject { ["name"] = taskQueue, ["kind"] = "TASK_QUEUE_KIND_NORMAL" },
            ["input"] = new JsonObject { ["payloads"] = new JsonArray(Payload(input)) },
            ["workflowTaskTimeout"] = "10s",
            ["originalExecutionRunId"] = "run-1",
            ["firstExecutionRunId"] = "run-1",
            ["attempt"] = 1,
        });
        return WorkflowTask();
    }

    /// <summary>The workflow task just completed scheduled this activity; it then completed with this result.</summary>
    public TemporalHistory Activity(string type, object? result)
    {
        Complete(Schedule(type), result);
        return WorkflowTask();
    }

    /// <summary>The workflow task just completed scheduled this activity (among others, maybe); see <see cref="Complete"/>.</summary>
    public int Schedule(string type) => Add("EVENT_TYPE_ACTIVITY_TASK_SCHEDULED", "activityTaskScheduledEventAttributes", new JsonObject
    {
        ["activityId"] = (++activityId).ToString(),
        ["activityType"] = new JsonObject { ["name"] = type },
        ["taskQueue"] = new JsonObject { ["name"] = taskQueue, ["kind"] = "TASK_QUEUE_KIND_NORMAL" },
        ["workflowTaskCompletedEventId"] = lastWorkflowTaskCompleted.ToString(),
    });

    /// <summary>A scheduled activity started and completed with this result; call <see cref="WorkflowTask"/> for the workflow to see it.</summary>
    public void Complete(int scheduled, object? result)
    {
        var started = Add("EVENT_TYPE_ACTIVITY_TASK_STARTED", "activityTaskStartedEventAttributes", new JsonObject
        {
            ["scheduledEventId"] = scheduled.ToString(), ["attempt"] = 1,
        });
        var completed = new JsonObject { ["scheduledEventId"] = scheduled.ToString(), ["startedEventId"] = started.ToString() };
        if (result is not null)
        {
            completed["result"] = new JsonObject { ["payloads"] = new JsonArray(Payload(result)) };
        }
        Add("EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "activityTaskCompletedEventAttributes", completed);
    }

    /// <summary>The workflow task just completed started this child workflow; it then completed with this result.</summary>
    public TemporalHistory ChildWorkflow(string type, string workflowId, object result)
    {
        var initiated = Add("EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED", "startChildWorkflowExecutionInitiatedEventAttributes", new JsonObject
        {
            ["namespace"] = "default", ["workflowId"] = workflowId, ["workflowType"] = new JsonObject { ["name"] = type },
            ["taskQueue"] = new JsonObject { ["name"] = taskQueue, ["kind"] = "TASK_QUEUE_KIND_NORMAL" },
            ["workflowTaskCompletedEventId"] = lastWorkflowTaskCompleted.ToString(),
        });
        var execution = new JsonObject { ["workflowId"] = workflowId, ["runId"] = "child-run-1" };
        var started = Add("EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED", "childWorkflowExecutionStartedEventAttributes", new JsonObject
        {
            ["namespace"] = "default", ["initiatedEventId"] = initiated.ToString(), ["workflowExecution"] = execution.DeepClone(),
            ["workflowType"] = new JsonObject { ["name"] = type },
        });
        WorkflowTask();
        Add("EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED", "childWorkflowExecutionCompletedEventAttributes", new JsonObject
        {
            ["result"] = new JsonObject { ["payloads"] = new JsonArray(Payload(result)) }, ["namespace"] = "default",
            ["workflowExecution"] = execution.DeepClone(), ["workflowType"] = new JsonObject { ["name"] = type },
            ["initiatedEventId"] = initiated.ToString(), ["startedEventId"] = started.ToString(),
        });
        return WorkflowTask();
    }

    /// <summary>The workflow task just completed continued the workflow as new, with this input.</summary>
    public string ContinuedAsNew(object input)
    {
        Add("EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW", "workflowExecutionContinuedAsNewEventAttributes", new JsonObject
        {
            ["newExecutionRunId"] = "run-2",
            ["workflowType"] = new JsonObject { ["name"] = workflowType },
            ["taskQueue"] = new JsonObject { ["name"] = taskQueue, ["kind"] = "TASK_QUEUE_KIND_NORMAL" },
            ["input"] = new JsonObject { ["payloads"] = new JsonArray(Payload(input)) },
            ["workflowTaskTimeout"] = "10s",
            ["workflowTaskCompletedEventId"] = lastWorkflowTaskCompleted.ToString(),
        });
        return new JsonObject { ["events"] = events }.ToJsonString();
    }

    public string Completed(object result)
    {
        Add("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", "workflowExecutionCompletedEventAttributes", new JsonObject
        {
            ["result"] = new JsonObject { ["payloads"] = new JsonArray(Payload(result)) },
            ["workflowTaskCompletedEventId"] = lastWorkflowTaskCompleted.ToString(),
        });
        return new JsonObject { ["events"] = events }.ToJsonString();
    }

    public TemporalHistory WorkflowTask()
    {
        var scheduled = Add("EVENT_TYPE_WORKFLOW_TASK_SCHEDULED", "workflowTaskScheduledEventAttributes", new JsonObject
        {
            ["taskQueue"] = new JsonObject { ["name"] = taskQueue, ["kind"] = "TASK_QUEUE_KIND_NORMAL" }, ["startToCloseTimeout"] = "10s", ["attempt"] = 1,
        });
        var started = Add("EVENT_TYPE_WORKFLOW_TASK_STARTED", "workflowTaskStartedEventAttributes", new JsonObject
        {
            ["scheduledEventId"] = scheduled.ToString(), ["identity"] = "test", ["requestId"] = Guid.NewGuid().ToString(),
        });
        lastWorkflowTaskCompleted = Add("EVENT_TYPE_WORKFLOW_TASK_COMPLETED", "workflowTaskCompletedEventAttributes", new JsonObject
        {
            ["scheduledEventId"] = scheduled.ToString(), ["startedEventId"] = started.ToString(), ["identity"] = "test",
        });
        return this;
    }

    private int Add(string type, string attributesName, JsonObject attributes)
    {
        var id = events.Count + 1;
        events.Add(new JsonObject
        {
            ["eventId"] = id.ToString(),
            ["eventTime"] = DateTime.UtcNow.AddSeconds(id).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["eventType"] = type,
            [attributesName] = attributes,
        });
        return id;
    }
}
