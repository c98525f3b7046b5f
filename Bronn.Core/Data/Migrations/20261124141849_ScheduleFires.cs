using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bronn.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScheduleFires : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "schedule_fires",
                columns: table => new
                {
                    workflow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fire_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    execution_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedule_fires", x => new { x.workflow_id, x.fire_time });
                    table.ForeignKey(
                        name: "fk_schedule_fires_workflows_workflow_id",
                        column: x => x.workflow_id,
                        principalTable: "workflows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "schedule_fires");
        }
    }
}
