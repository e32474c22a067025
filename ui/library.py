"""Library: upload and ingest articles, extract and cross-check claims, read and remove articles."""

from __future__ import annotations

import re

import streamlit as st

from ui.components import article_label, escape_markdown, run_page, safe_url
from ui.state import services
from verifier.archive import ingest_uploads, remove_article
from verifier.services import Services
from verifier.settings import PROJECT_ROOT
from verifier.verdict_labels import (
    NOT_CHECKED,
    STYLES,
    UNCHECKED_STYLE,
    standing_verdict,
    verdict_style,
)

SEEDS = PROJECT_ROOT / "seeds"
MARK_LEGEND = ", ".join(f"{s.tint_name} {s.label}" for s in (*STYLES.values(), UNCHECKED_STYLE))


def progress_callback(bar, verb: str):
    """A (done, total, label) callback that moves a progress bar."""

    def update(done: int, total: int, label: str = "") -> None:
        fraction = min(1.0, done / total) if total else 1.0
        bar.progress(fraction, text=f"{verb} {done}/{total}: {label}"[:120])

    return update


def show_summary(summary) -> None:
    """What an ingest did, with a clear error per skipped file."""
    parts = [
        f"{len(summary.added)} added",
        f"{len(summary.updated)} updated",
        f"{len(summary.unchanged)} unchanged",
    ]
    if summary.added or summary.updated or summary.unchanged:
        st.success("Ingested: " + ", ".join(parts), icon=":material/check_circle:")
    for skipped in summary.skipped:
        st.error(skipped_message(skipped.source, skipped.reason))


def skipped_message(source: str, reason: str) -> str:
    """Why a file, or one record of a collection ('**a.jsonl**, line 3, was skipped'), was left out."""
    name = escape_markdown(source.rsplit("/", 1)[-1])
    # The other records of a .jsonl or .json collection were read: only this one was left out.
    record = re.match(r"((?:line|item) \d+): ", reason)
    if record:
        rest = escape_markdown(reason[record.end() :])
        return f"**{name}**, {record.group(1)}, was skipped: {rest}"
    return f"**{name}** was not ingested: {escape_markdown(reason)}"


def render_ingest(svc: Services) -> None:
    st.subheader("Add articles")
    limit = f"{svc.settings.max_file_bytes / 1e6:g} MB"
    files = st.file_uploader(
        "Drop article files here (.txt, .md, .html, .json, .jsonl), several at once",
        accept_multiple_files=True,
        # The widget's own "200MB per file" is the upload limit, not what ingest accepts.
        help=f"Each article file up to {limit} (CLAIMCHECK_MAX_FILE_BYTES); a .jsonl collection "
        f"may be larger, each of its records up to {limit}. At most "
        f"{svc.settings.max_upload_files} files at once.",
        key=f"uploader-{st.session_state.get('uploader_round', 0)}",
    )
    left, right = st.columns(2)
    if left.button(
        "Ingest uploaded files", type="primary", disabled=not files, icon=":material/upload:"
    ):
        bar = st.progress(0.0, text="Ingesting…")
        summary = ingest_uploads(
            svc, [(f.name, f.getvalue()) for f in files], progress_callback(bar, "Ingesting")
        )
        bar.progress(1.0, text="Done")
        st.session_state["ingest_summary"] = summary
        st.session_state["uploader_round"] = st.session_state.get("uploader_round", 0) + 1
        st.rerun()
    if SEEDS.is_dir() and right.button(
        "Ingest the bundled seed articles", icon=":material/library_add:"
    ):
        bar = st.progress(0.0, text="Ingesting…")
        st.session_state["ingest_summary"] = svc.store.ingest(
            [SEEDS], progress=progress_callback(bar, "Ingesting")
        )
        st.rerun()
    if summary := st.session_state.pop("ingest_summary", None):
        show_summary(summary)


def render_pipeline(svc: Services) -> None:
    st.subheader("Verify")
    st.caption(
        "Extract the check-worthy claims of every article, then check each against the rest of the archive."
    )
    left, right = st.columns(2)
    if left.button("Extract claims", icon=":material/format_quote:"):
        from verifier.extract.claims import extract_claims

        bar = st.progress(0.0, text="Extracting…")
        claims = extract_claims(svc, progress=progress_callback(bar, "Extracting from article"))
        bar.progress(1.0, text="Done")
        st.session_state["pipeline_note"] = f"Extracted {len(claims)} claims."
        st.rerun()
    if right.button("Cross-check all claims", icon=":material/compare_arrows:"):
        from verifier.crosscheck import crosscheck

        bar = st.progress(0.0, text="Cross-checking…")
        results = crosscheck(svc, progress=progress_callback(bar, "Checking claim"))
        bar.progress(1.0, text="Done")
        st.session_state["pipeline_note"] = f"Checked {len(results)} claims."
        st.rerun()
    if note := st.session_state.pop("pipeline_note", None):
        st.success(note, icon=":material/check_circle:")
    render_crosscheck_progress(svc)


def render_crosscheck_progress(svc: Services) -> None:
    """How many claims are cross-checked; refreshed while a run (e.g. start.sh's) is under way."""
    from verifier.crosscheck import crosscheck_progress

    checked, total = crosscheck_progress(svc)
    if not total:
        return

    @st.fragment(run_every=5 if checked < total else None)
    def show() -> None:
        done, claims = crosscheck_progress(svc)
        st.progress(
            done / claims if claims else 0.0, text=f"Cross-checked {done} of {claims} claims"
        )

    show()


def marked_text(text: str, claims, verdicts: dict[str, str | None]) -> str:
    """The article with its claims' quotes marked in place, coloured by the verdict that stands."""
    out, pos = [], 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        if claim.start < pos:
            continue  # overlapping claims: the first one keeps the mark
        verdict = verdicts.get(claim.id)
        colour = verdict_style(verdict).tint
        tip = escape_markdown(f"{verdict or NOT_CHECKED}: {claim.text}").replace('"', "&quot;")
        out.append(_paragraphs(text[pos : claim.start]))
        out.append(
            f'<mark style="background:{colour}" title="{tip}">{escape_markdown(text[claim.start : claim.end])}</mark>'
        )
        pos = claim.end
    out.append(_paragraphs(text[pos:]))
    return "".join(out)


def _paragraphs(text: str) -> str:
    """Escaped text keeping blank-line paragraph breaks."""
    parts = [escape_markdown(p) for p in text.split("\n\n")]
    return "\n\n".join(parts)


def render_articles(svc: Services) -> None:
    articles = svc.store.articles()
    st.subheader(f"Articles ({len(articles)})")
    if not articles:
        st.info(
            "The archive is empty: upload articles above, or ingest the bundled seeds.",
            icon=":material/inbox:",
        )
        return
    claims = svc.claims.claims()
    per_article: dict[str, list] = {}
    for claim in claims:
        per_article.setdefault(claim.article_id, []).append(claim)
    rows = [
        {
            "title": a.title,
            "id": a.id,
            "outlet": a.outlet or "",
            "published": a.published or "",
            "chunks": a.chunk_count,
            "claims": len(per_article.get(a.id, [])),
            "source": a.source.rsplit("/", 1)[-1],
        }
        for a in articles
    ]
    empty = {key for key in ("outlet", "published") if not any(row[key] for row in rows)}
    st.dataframe(
        [{k: v for k, v in row.items() if k not in empty} for row in rows],
        hide_index=True,
        width="stretch",
    )
    by_id = {a.id: a for a in articles}
    chosen = st.selectbox(
        "Read an article",
        list(by_id),
        format_func=lambda i: article_label(by_id[i]),
        key="read_article",
    )
    article = by_id[chosen]
    results, reviews = svc.claims.results(), svc.reviews.reviews()
    with st.container(border=True):
        st.markdown(f"### {escape_markdown(article.title)}")
        if url := safe_url(article.url):
            st.markdown(f"[Original]({url})")
        mine = per_article.get(article.id, [])
        st.caption(
            f"{len(mine)} claims marked: {MARK_LEGEND} (hover a mark for the claim)"
            if mine
            else "No claims extracted yet."
        )
        verdicts = {
            c.id: standing_verdict(
                results[c.id].verdict if c.id in results else None, reviews.get(c.id)
            )
            for c in mine
        }
        st.markdown(marked_text(article.text, mine, verdicts), unsafe_allow_html=True)
    render_remove(svc, article)


def render_remove(svc: Services, article) -> None:
    """Remove with confirmation: the article, its chunks and its claims."""
    if st.session_state.get("confirm_remove") != article.id:
        if st.button("Remove this article", icon=":material/delete:"):
            st.session_state["confirm_remove"] = article.id
            st.rerun()
        return
    st.warning(
        f"Remove “{escape_markdown(article.title)}” and its claims from the archive? This cannot be undone."
    )
    yes, no = st.columns(2)
    if yes.button("Yes, remove it", type="primary"):
        remove_article(svc, article.id)
        st.session_state.pop("confirm_remove", None)
        st.session_state["removed"] = article.title
        st.rerun()
    if no.button("Cancel"):
        st.session_state.pop("confirm_remove", None)
        st.rerun()


def render() -> None:
    st.title("Library")
    svc = services()
    if removed := st.session_state.pop("removed", None):
        st.success(f"Removed “{escape_markdown(removed)}”.", icon=":material/delete:")
    render_ingest(svc)
    render_pipeline(svc)
    render_articles(svc)


run_page(render)
