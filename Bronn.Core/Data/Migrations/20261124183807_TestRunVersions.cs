using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bronn.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TestRunVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_versions_workflow_id_number",
                table: "workflow_versions");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_versions_workflow_id_number",
                table: "workflow_versions",
                columns: new[] { "workflow_id", "number" },
                unique: true,
                filter: "number > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_versions_workflow_id_number",
                table: "workflow_versions");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_versions_workflow_id_number",
                table: "workflow_versions",
                columns: new[] { "workflow_id", "number" },
                unique: true);
        }
    }
}
