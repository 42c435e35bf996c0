using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ShardTimeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimelineJson",
                table: "Shards",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimelineJson",
                table: "Shards");
        }
    }
}
