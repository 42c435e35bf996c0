using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrgEditorDraftsAndAssetValidation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Validation",
                table: "PhaseAssets",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Valid");

            migrationBuilder.AddColumn<string>(
                name: "ValidationMessage",
                table: "PhaseAssets",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PublishedAt",
                table: "Competitions",
                type: "INTEGER",
                nullable: true);

            // Competitions made before drafts existed were public from their creation: they stay published.
            migrationBuilder.Sql("UPDATE \"Competitions\" SET \"PublishedAt\" = \"CreatedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Validation",
                table: "PhaseAssets");

            migrationBuilder.DropColumn(
                name: "ValidationMessage",
                table: "PhaseAssets");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "Competitions");
        }
    }
}
