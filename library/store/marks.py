"""What the reader does to articles: read, favourite, archived, how far read, and tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from library.database import translate_errors
from library.dates import utc_now
from library.store.images import ImageStore


class MarkStore(ImageStore):
    """Reading state and tags, for many articles at once."""

    def set_state(
        self,
        article_ids: Sequence[int],
        *,
        read: bool | None = None,
        favorite: bool | None = None,
        archived: bool | None = None,
    ) -> None:
        """Change the flags given (None leaves one as it is) on every article in `article_ids`."""
        changes = {
            k: v for k, v in (("read", read), ("favorite", favorite), ("archived", archived)) if v is not None
        }
        if not changes or not article_ids:
            return
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self.transaction():
            self.db.conn.executemany(
                f"UPDATE reading_state SET {assignments} WHERE article_id = ?",
                [(*(int(v) for v in changes.values()), article_id) for article_id in article_ids],
            )

    def set_progress(self, article_id: int, progress: float) -> None:
        """Remember how far into the article the reader is (0 to 1)."""
        with self.transaction():
            self.db.execute(
                "UPDATE reading_state SET progress = ? WHERE article_id = ?",
                [min(1.0, max(0.0, progress)), article_id],
            )

    def mark_opened(self, article_id: int) -> None:
        """Opening an article marks it read and notes when."""
        with self.transaction():
            self.db.execute(
                "UPDATE reading_state SET read = 1, last_opened = ? WHERE article_id = ?",
                [utc_now(), article_id],
            )

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles that carry it, by name."""
        with translate_errors(self.path):
            return [
                (str(name), int(number))
                for name, number in self.db.execute(
                    "SELECT t.name, count(at.article_id) FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id "
                    "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
                )
            ]

    def tags_of(self, article_id: int) -> list[str]:
        return [
            str(row[0])
            for row in self.db.execute(
                "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = ? "
                "ORDER BY t.name COLLATE NOCASE",
                [article_id],
            )
        ]

    def add_tags(self, article_ids: Sequence[int], tags: Iterable[str]) -> None:
        with self.transaction():
            self._add_tags(article_ids, tags)

    def _add_tags(self, article_ids: Sequence[int], tags: Iterable[str]) -> int:
        names = sorted({" ".join(t.split()) for t in tags} - {""})
        added = 0
        for name in names:
            self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
            tag_id = self.db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]
            for article_id in article_ids:
                added += self.db.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id, saved_at) "
                    "SELECT id, ?, saved_at FROM articles WHERE id = ?",
                    [tag_id, article_id],
                ).rowcount
        return added

    def remove_tags(self, article_ids: Sequence[int], tags: Iterable[str]) -> None:
        """Take tags off articles; a tag no article carries any more disappears."""
        with self.transaction():
            for name in {" ".join(t.split()) for t in tags}:
                self.db.conn.executemany(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)",
                    [(article_id, name) for article_id in article_ids],
                )
            self.db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
