"""An article's images in the library, and those still waiting for the network."""

from __future__ import annotations

from collections.abc import Sequence

from library.database import translate_errors
from library.records import (
    PendingImage,
    StoredImage,
)
from library.store.file import LibraryFile


class ImageStore(LibraryFile):
    """The images articles refer to as `library-image:` and `library-pending:`."""

    def _store_images(
        self, article_id: int, images: Sequence[StoredImage], pending: Sequence[PendingImage] = ()
    ) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO images (article_id, sha256, url, mime, data) VALUES (?, ?, ?, ?, ?)",
            [(article_id, image.sha256, image.url, image.mime, image.data) for image in images],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO pending_images (article_id, token, url) VALUES (?, ?, ?)",
            [(article_id, image.token, image.url) for image in pending],
        )

    def image(self, article_id: int, sha256: str) -> tuple[bytes, str] | None:
        """The bytes and MIME type of an article's stored image."""
        with translate_errors(self.path):
            row = self.db.execute(
                "SELECT data, mime FROM images WHERE article_id = ? AND sha256 = ?", [article_id, sha256]
            ).fetchone()
        return (bytes(row[0]), str(row[1])) if row else None

    def image_bytes_by_url(self, article_id: int) -> dict[str, bytes]:
        """The article's stored images by the address they were found at (for extracting it again)."""
        with translate_errors(self.path):
            return {
                str(url): bytes(data)
                for url, data in self.db.execute(
                    "SELECT url, data FROM images WHERE article_id = ? AND url IS NOT NULL", [article_id]
                )
            }

    def pending_images(self, limit: int = 1000) -> list[tuple[int, PendingImage]]:
        """Images of downloaded articles still waiting for the network, oldest article first."""
        with translate_errors(self.path):
            return [
                (int(row[0]), PendingImage(str(row[1]), str(row[2])))
                for row in self.db.execute(
                    "SELECT p.article_id, p.token, p.url FROM pending_images p "
                    "JOIN articles a ON a.id = p.article_id WHERE a.status = 'ready' "
                    "ORDER BY p.article_id LIMIT ?",
                    [limit],
                )
            ]

    def resolve_pending_image(
        self, article_id: int, pending: PendingImage, image: StoredImage | None
    ) -> None:
        """Put a pending image's bytes in place (or, when it is gone for good, take it out of the article)."""
        from library.importimages import resolve_pending

        with self.transaction():
            row = self.db.execute("SELECT html FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None:
                return
            if image is not None:
                self._store_images(article_id, [image])
            self.db.execute(
                "UPDATE articles SET html = ? WHERE id = ?",
                [resolve_pending(row[0], pending, image), article_id],
            )
            self.db.execute(
                "DELETE FROM pending_images WHERE article_id = ? AND token = ?", [article_id, pending.token]
            )
