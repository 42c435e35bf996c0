using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class finalFinals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PickedAt",
                table: "Submissions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FinalPicks",
                table: "Phases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FreezesAt",
                table: "Phases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicMetric",
                table: "Phases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevealsAt",
                table: "Phases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SplitBoards",
                table: "Phases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PickedAt",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "FinalPicks",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "FreezesAt",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "PublicMetric",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "RevealsAt",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "SplitBoards",
                table: "Phases");
        }
    }
}
