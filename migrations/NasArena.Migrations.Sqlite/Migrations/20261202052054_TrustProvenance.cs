using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrustProvenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProvenanceJson",
                table: "Scores",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProvenanceJson",
                table: "Scores");
        }
    }
}
