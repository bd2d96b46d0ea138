"""GitHub repositories named in on-chain identities: `owner/repo`, or nothing."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

GITHUB_HOSTS = {"github.com", "www.github.com"}
PLACEHOLDER_OWNERS = {
    "username",
    "user",
    "your-username",
    "yourusername",
    "your_username",
    "owner",
    "your-org",
    "yourorg",
    "org",
    "organization",
    "example",
    "name",
    "github",
}
PLACEHOLDER_REPOS = {"repo", "repository", "your-repo", "yourrepo", "repo-name", "project", "example"}
OWNER_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
REPO_RE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _repo_path(value: str) -> str | None:
    """Return the path part of a GitHub URL (any other host gives None), or the text itself."""
    if value.lower().startswith("git@github.com:"):
        return value.split(":", 1)[1]
    if "://" not in value and value.lower().split("/", 1)[0] in GITHUB_HOSTS:
        value = "https://" + value
    if "://" not in value:
        return value if value.count("/") == 1 else None  # bare owner/repo only
    parts = urlsplit(value)
    return parts.path if (parts.hostname or "").lower() in GITHUB_HOSTS else None


def normalise_repo(text: str | None) -> str | None:
    """Turn an identity's `github_repo` into `owner/repo`, or None if it names no GitHub repo."""
    path = _repo_path(text.strip().rstrip("/")) if text else None
    segments = [s for s in (path or "").split("/") if s]
    if len(segments) < 2:
        return None
    owner, repo = segments[0], segments[1].removesuffix(".git")
    if not OWNER_RE.match(owner) or not REPO_RE.match(repo) or repo in {".", ".."}:
        return None
    if owner.lower() in PLACEHOLDER_OWNERS or repo.lower() in PLACEHOLDER_REPOS or f"{owner}/{repo}".lower() == "n/a":
        return None
    return f"{owner}/{repo}"
