using Bronn.Core.Execution.Data;
using Npgsql;
using NpgsqlTypes;

namespace Bronn.Core.Execution.Writes;

/// <summary>New execution and step rows written with binary COPY: one round trip per table, whatever the batch size.</summary>
internal static class ExecutionRows
{
    public static async Task CopyAsync(NpgsqlConnection connection, IEnumerable<Data.Execution> executions, IEnumerable<ExecutionStep> steps, CancellationToken ct)
    {
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY executions (id, workflow_id, workflow_version_id, owner_id, status, trigger_type, trigger_data, output, error, failed_node_id,
                             cancel_requested, created_at, started_at, finished_at, resume_at, waiting_node_id, lease_owner, lease_expires_at,
                             crashes, parent_execution_id, scheduler_version, trace_parent) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var e in executions)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.WorkflowId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.WorkflowVersionId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.OwnerId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.Status, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.TriggerType, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.TriggerData, NpgsqlDbType.Jsonb, ct);
                await WriteAsync(writer, e.Output, NpgsqlDbType.Jsonb, ct);
                await WriteAsync(writer, e.Error, NpgsqlDbType.Text, ct);
                await WriteAsync(writer, e.FailedNodeId, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.CancelRequested, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(e.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteAsync(writer, e.StartedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteAsync(writer, e.FinishedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteAsync(writer, e.ResumeAt, NpgsqlDbType.TimestampTz, ct);
                await WriteAsync(writer, e.WaitingNodeId, NpgsqlDbType.Varchar, ct);
                await WriteAsync(writer, e.LeaseOwner, NpgsqlDbType.Varchar, ct);
                await WriteAsync(writer, e.LeaseExpiresAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(e.Crashes, NpgsqlDbType.Integer, ct);
                await WriteAsync(writer, e.ParentExecutionId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.SchedulerVersion, NpgsqlDbType.Integer, ct);
                await WriteAsync(writer, e.TraceParent, NpgsqlDbType.Varchar, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY execution_steps (execution_id, node_id, key, node_type, status, attempt, input, output, items, port, error, started_at, finished_at)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var s in steps)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(s.ExecutionId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(s.NodeId, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(s.Key, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(s.NodeType, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(s.Status, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(s.Attempt, NpgsqlDbType.Integer, ct);
                await WriteAsync(writer, s.Input, NpgsqlDbType.Jsonb, ct);
                await WriteAsync(writer, s.Output, NpgsqlDbType.Jsonb, ct);
                await WriteAsync(writer, s.Items, NpgsqlDbType.Jsonb, ct);
                await WriteAsync(writer, s.Port, NpgsqlDbType.Varchar, ct);
                await WriteAsync(writer, s.Error, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(s.StartedAt, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(s.FinishedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await writer.CompleteAsync(ct);
        }
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);

    private static Task WriteAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);
}
