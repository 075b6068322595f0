-- Gazette PostgreSQL database at schema version 42 (made by tests/upgrade/make_fixtures_pg.py; password of every account: mat-khau-ban-cu-2025)
--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: gz_article_views_new(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_article_views_new() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO article_views(article_id, views) SELECT id, views_start FROM new_rows;
  RETURN NULL;
END $$;


--
-- Name: gz_article_views_xid(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_article_views_xid() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.xid := pg_current_xact_id(); RETURN NEW; END $$;


--
-- Name: gz_content_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_content_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF current_setting('gazette.content_bumped', true) = 'on' THEN
    RETURN NULL;
  END IF;
  UPDATE meta SET value = value + 1 WHERE key = 'content_version';
  PERFORM pg_notify('gazette_content', '');
  PERFORM set_config('gazette.content_bumped', 'on', true);
  RETURN NULL;
END $$;


--
-- Name: gz_fold(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(translate(normalize(t, NFC), 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ', 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd')) $$;


--
-- Name: gz_lower(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_lower(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(translate(normalize(t, NFC), 'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ', 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ')) $$;


--
-- Name: gz_mirror_log_new(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_mirror_log_new() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) SELECT DISTINCT article_id FROM new_rows; RETURN NULL; END $$;


--
-- Name: gz_mirror_log_old(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_mirror_log_old() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) SELECT DISTINCT article_id FROM old_rows; RETURN NULL; END $$;


--
-- Name: gz_mirror_log_tags(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_mirror_log_tags() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) SELECT DISTINCT a.article_id FROM article_tags a JOIN new_rows n ON n.id = a.tag_id; RETURN NULL; END $$;


--
-- Name: gz_pairs(tsvector); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_pairs(v tsvector) RETURNS smallint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(DISTINCT (((get_byte(h, 0) << 8) | get_byte(h, 1)) - 32768)::int2), '{}') FROM (SELECT sha256(convert_to(w || ' ' || n, 'UTF8')) AS h FROM (SELECT lex AS w, pos, lead(lex) OVER o AS n, lead(pos) OVER o AS np FROM unnest(v) u(lex, positions, weights), unnest(positions) pos WINDOW o AS (ORDER BY pos)) s WHERE np = pos + 1) p $$;


--
-- Name: gz_pairs_fill(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_pairs_fill() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.pairs := gz_pairs(NEW.fold);
  RETURN NEW;
END $$;


--
-- Name: gz_search_log_cats(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_search_log_cats() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) VALUES (0); RETURN NULL; END $$;


--
-- Name: gz_search_log_new(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_search_log_new() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) SELECT id FROM new_rows; RETURN NULL; END $$;


--
-- Name: gz_search_log_old(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_search_log_old() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) SELECT id FROM old_rows; RETURN NULL; END $$;


--
-- Name: gz_search_log_reset(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_search_log_reset() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN UPDATE search_log_state SET horizon = pg_current_xact_id(); RETURN NULL; END $$;


--
-- Name: gz_search_log_row(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_search_log_row() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO search_log(article_id) VALUES (NEW.id); RETURN NULL; END $$;


--
-- Name: gz_search_sync(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_search_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE id = OLD.id;
    RETURN NULL;
  END IF;
  IF current_setting('gazette.search_words', true) = 'given' THEN
    RETURN NULL;
  END IF;
  IF NEW.status <> 'published' THEN
    DELETE FROM search_docs WHERE id = NEW.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'published' AND OLD.title = NEW.title AND OLD.lead = NEW.lead AND OLD.body_text = NEW.body_text THEN
    UPDATE search_docs SET category_id = NEW.category_id, published_at = coalesce(NEW.published_at, 0), expires_at = NEW.expires_at WHERE id = NEW.id;
    IF FOUND THEN RETURN NULL; END IF;
  END IF;
  INSERT INTO search_docs VALUES (NEW.id, NEW.category_id, coalesce(NEW.published_at, 0), NEW.expires_at, gz_vector_text(NEW.title, NEW.lead, NEW.body_text, true), gz_vector_text(NEW.title, NEW.lead, NEW.body_text, false)) ON CONFLICT (id) DO UPDATE SET category_id = EXCLUDED.category_id, published_at = EXCLUDED.published_at, expires_at = EXCLUDED.expires_at, fold = EXCLUDED.fold, exact = EXCLUDED.exact;
  RETURN NULL;
END $$;


--
-- Name: gz_text(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_text(html text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT replace(replace(replace(replace(replace(replace(regexp_replace(html, '<[^>]*>', ' ', 'g'), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&nbsp;', ' '), '&amp;', '&') $$;


--
-- Name: gz_title_fold(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_title_fold() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.title_fold := gz_fold(NEW.title || ' ' || NEW.author);
  RETURN NEW;
END $$;


--
-- Name: gz_vector(text, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_vector(title text, lead text, body text, fold boolean) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(title) ELSE gz_lower(title) END)), 'A') || setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(lead) ELSE gz_lower(lead) END)), 'B') || setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(gz_text(body)) ELSE gz_lower(gz_text(body)) END)), 'D') $$;


--
-- Name: gz_vector_text(text, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_vector_text(title text, lead text, body text, fold boolean) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(title) ELSE gz_lower(title) END)), 'A') || setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(lead) ELSE gz_lower(lead) END)), 'B') || setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(body) ELSE gz_lower(body) END)), 'D') $$;


--
-- Name: gz_words(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_words(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace(translate(t, '“”‘’–—…«»·• ', '            '), '[[:punct:][:space:]]+', ' ', 'g') $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: album_photos; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.album_photos (
    id bigint NOT NULL,
    album_id bigint NOT NULL,
    file text NOT NULL,
    thumb text NOT NULL,
    caption text DEFAULT ''::text NOT NULL,
    sort integer DEFAULT 0 NOT NULL
);


--
-- Name: album_photos_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.album_photos_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: album_photos_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.album_photos_id_seq OWNED BY public.album_photos.id;


--
-- Name: albums; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.albums (
    id bigint NOT NULL,
    title text NOT NULL,
    cover text DEFAULT ''::text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: albums_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.albums_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: albums_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.albums_id_seq OWNED BY public.albums.id;


--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    token_hash text NOT NULL,
    user_id bigint NOT NULL,
    created_at bigint NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    expires_at bigint DEFAULT 0 NOT NULL
);


--
-- Name: archive; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.archive (
    id bigint NOT NULL,
    article_id bigint NOT NULL,
    revision bigint NOT NULL,
    category_id bigint NOT NULL,
    title text NOT NULL,
    slug text NOT NULL,
    lead text NOT NULL,
    body_html text NOT NULL,
    author text NOT NULL,
    signature text NOT NULL,
    source text NOT NULL,
    published_at bigint NOT NULL,
    expires_at bigint,
    from_at bigint NOT NULL,
    until_at bigint,
    deleted boolean DEFAULT false NOT NULL,
    tags text DEFAULT ''::text NOT NULL,
    image_src text DEFAULT ''::text NOT NULL,
    image_alt text DEFAULT ''::text NOT NULL,
    image_caption text DEFAULT ''::text NOT NULL
);
ALTER TABLE ONLY public.archive ALTER COLUMN body_html SET COMPRESSION lz4;


--
-- Name: archive_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.archive_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: archive_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.archive_id_seq OWNED BY public.archive.id;


--
-- Name: article_origin; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.article_origin (
    article_id bigint NOT NULL,
    source_id bigint,
    original_url text DEFAULT ''::text NOT NULL,
    original_at bigint DEFAULT 0 NOT NULL
);


--
-- Name: article_tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.article_tags (
    article_id bigint NOT NULL,
    tag_id bigint NOT NULL,
    "position" integer NOT NULL
);


--
-- Name: article_translations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.article_translations (
    article_id bigint NOT NULL,
    lang text NOT NULL,
    title text NOT NULL,
    lead text DEFAULT ''::text NOT NULL,
    body_html text DEFAULT ''::text NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: article_views; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.article_views (
    article_id bigint NOT NULL,
    views bigint DEFAULT 0 NOT NULL,
    xid xid8 DEFAULT pg_current_xact_id(),
    CONSTRAINT article_views_views_check CHECK ((views >= 0))
)
WITH (fillfactor='80');


--
-- Name: articles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.articles (
    id bigint NOT NULL,
    category_id bigint NOT NULL,
    status text NOT NULL,
    title text NOT NULL,
    slug text NOT NULL,
    lead text DEFAULT ''::text NOT NULL,
    body_html text NOT NULL,
    author text DEFAULT ''::text NOT NULL,
    signature text DEFAULT ''::text NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    published_at bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    views_start bigint DEFAULT 0 NOT NULL,
    revision bigint DEFAULT 1 NOT NULL,
    featured boolean DEFAULT false NOT NULL,
    owner_id bigint,
    expires_at bigint,
    note text DEFAULT ''::text NOT NULL,
    image_src text DEFAULT ''::text NOT NULL,
    image_alt text DEFAULT ''::text NOT NULL,
    image_caption text DEFAULT ''::text NOT NULL,
    body_text text DEFAULT ''::text NOT NULL,
    body_version integer DEFAULT 0 NOT NULL,
    title_fold text DEFAULT ''::text NOT NULL,
    CONSTRAINT articles_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'submitted'::text, 'published'::text, 'unpublished'::text]))),
    CONSTRAINT articles_views_check CHECK ((views_start >= 0))
);
ALTER TABLE ONLY public.articles ALTER COLUMN body_html SET COMPRESSION lz4;
ALTER TABLE ONLY public.articles ALTER COLUMN body_text SET COMPRESSION lz4;


--
-- Name: articles_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.articles_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: articles_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.articles_id_seq OWNED BY public.articles.id;


--
-- Name: audit_chain; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_chain (
    id bigint NOT NULL,
    sealed boolean DEFAULT false NOT NULL,
    head_id bigint DEFAULT 0 NOT NULL,
    head_hash text DEFAULT ''::text NOT NULL,
    cp_id bigint DEFAULT 0 NOT NULL,
    cp_at bigint DEFAULT 0 NOT NULL,
    cp_count bigint DEFAULT 0 NOT NULL,
    cp_hash text DEFAULT ''::text NOT NULL,
    cp_mac text DEFAULT ''::text NOT NULL,
    CONSTRAINT audit_chain_id_check CHECK ((id = 1))
);


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at bigint NOT NULL,
    user_id bigint,
    user_name text NOT NULL,
    address text NOT NULL,
    action text NOT NULL,
    object text NOT NULL,
    detail text NOT NULL,
    prev_hash text DEFAULT ''::text NOT NULL,
    hash text DEFAULT ''::text NOT NULL
);


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: autosaves; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.autosaves (
    user_id bigint NOT NULL,
    article_id bigint NOT NULL,
    saved_at bigint NOT NULL,
    data text NOT NULL
);


--
-- Name: banners; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.banners (
    id bigint NOT NULL,
    kind text DEFAULT 'banner'::text NOT NULL,
    "position" text NOT NULL,
    title text NOT NULL,
    image text DEFAULT ''::text NOT NULL,
    url text NOT NULL,
    rel text DEFAULT ''::text NOT NULL,
    starts_at bigint DEFAULT 0 NOT NULL,
    ends_at bigint DEFAULT 0 NOT NULL,
    sort integer DEFAULT 0 NOT NULL,
    clicks bigint DEFAULT 0 NOT NULL
);


--
-- Name: banners_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.banners_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: banners_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.banners_id_seq OWNED BY public.banners.id;


--
-- Name: categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.categories (
    id bigint NOT NULL,
    parent_id bigint,
    name text NOT NULL,
    slug text NOT NULL,
    "position" integer DEFAULT 0 NOT NULL
);


--
-- Name: categories_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.categories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: categories_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.categories_id_seq OWNED BY public.categories.id;


--
-- Name: doc_lists; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.doc_lists (
    id bigint NOT NULL,
    list integer NOT NULL,
    name text NOT NULL,
    "position" integer DEFAULT 0 NOT NULL,
    CONSTRAINT doc_lists_list_check CHECK ((list = ANY (ARRAY[0, 1, 2])))
);


--
-- Name: doc_lists_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.doc_lists_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: doc_lists_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.doc_lists_id_seq OWNED BY public.doc_lists.id;


--
-- Name: document_comments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_comments (
    id bigint NOT NULL,
    document_id bigint NOT NULL,
    name text NOT NULL,
    email text DEFAULT ''::text NOT NULL,
    body text NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    status integer DEFAULT 0 NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT document_comments_status_check CHECK ((status = ANY (ARRAY[0, 1, 2])))
);


--
-- Name: document_comments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.document_comments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: document_comments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.document_comments_id_seq OWNED BY public.document_comments.id;


--
-- Name: document_files; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_files (
    id bigint NOT NULL,
    document_id bigint NOT NULL,
    "position" integer DEFAULT 0 NOT NULL,
    file text NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    bytes bigint NOT NULL,
    downloads bigint DEFAULT 0 NOT NULL,
    text text DEFAULT ''::text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: document_files_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.document_files_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: document_files_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.document_files_id_seq OWNED BY public.document_files.id;


--
-- Name: document_relations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_relations (
    from_id bigint NOT NULL,
    to_id bigint NOT NULL,
    kind text NOT NULL,
    CONSTRAINT document_relations_check CHECK ((from_id <> to_id)),
    CONSTRAINT document_relations_kind_check CHECK ((kind = ANY (ARRAY['replaces'::text, 'amends'::text, 'based_on'::text])))
);


--
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    id bigint NOT NULL,
    kind_id bigint NOT NULL,
    issuer_id bigint NOT NULL,
    field_id bigint,
    number text NOT NULL,
    slug text NOT NULL,
    summary text NOT NULL,
    body_html text DEFAULT ''::text NOT NULL,
    signer text DEFAULT ''::text NOT NULL,
    signer_position text DEFAULT ''::text NOT NULL,
    issued_on bigint NOT NULL,
    effective_on bigint,
    expires_on bigint,
    comment_from bigint,
    comment_until bigint,
    replaced_on bigint,
    status text NOT NULL,
    published_at bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    revision bigint DEFAULT 1 NOT NULL,
    owner_id bigint,
    fold tsvector,
    exact tsvector,
    CONSTRAINT documents_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text])))
);


--
-- Name: documents_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.documents_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: documents_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.documents_id_seq OWNED BY public.documents.id;


--
-- Name: import_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.import_keys (
    key text NOT NULL,
    new_id bigint NOT NULL,
    value text DEFAULT ''::text NOT NULL
);


--
-- Name: layout_blocks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.layout_blocks (
    id bigint NOT NULL,
    area text NOT NULL,
    sort integer DEFAULT 0 NOT NULL,
    kind text NOT NULL,
    arg bigint DEFAULT 0 NOT NULL,
    title text DEFAULT ''::text NOT NULL,
    html text DEFAULT ''::text NOT NULL
);


--
-- Name: layout_blocks_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.layout_blocks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: layout_blocks_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.layout_blocks_id_seq OWNED BY public.layout_blocks.id;


--
-- Name: mail_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mail_outbox (
    id bigint NOT NULL,
    ticket_id bigint DEFAULT 0 NOT NULL,
    to_addr text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    created_at bigint NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_at bigint NOT NULL,
    sent_at bigint DEFAULT 0 NOT NULL,
    last_error text DEFAULT ''::text NOT NULL
);


--
-- Name: mail_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.mail_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: mail_outbox_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.mail_outbox_id_seq OWNED BY public.mail_outbox.id;


--
-- Name: media; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.media (
    id bigint NOT NULL,
    file text NOT NULL,
    thumb text NOT NULL,
    name text NOT NULL,
    mime text NOT NULL,
    bytes bigint NOT NULL,
    width bigint NOT NULL,
    height bigint NOT NULL,
    user_id bigint,
    created_at bigint NOT NULL,
    alt text DEFAULT ''::text NOT NULL,
    caption text DEFAULT ''::text NOT NULL,
    fold text DEFAULT ''::text NOT NULL
);


--
-- Name: media_blobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.media_blobs (
    path text NOT NULL,
    seq bigint NOT NULL,
    data bytea NOT NULL
);
ALTER TABLE ONLY public.media_blobs ALTER COLUMN data SET STORAGE EXTERNAL;


--
-- Name: media_files; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.media_files (
    path text NOT NULL,
    mime text NOT NULL,
    bytes bigint NOT NULL,
    chunks bigint NOT NULL,
    sha256 text NOT NULL,
    mtime bigint NOT NULL
);


--
-- Name: media_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.media_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: media_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.media_id_seq OWNED BY public.media.id;


--
-- Name: meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meta (
    key text NOT NULL,
    value bigint NOT NULL
);


--
-- Name: org_people; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.org_people (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    sort_order bigint DEFAULT 0 NOT NULL,
    name text NOT NULL,
    title text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    email text DEFAULT ''::text NOT NULL,
    photo text DEFAULT ''::text NOT NULL,
    updated_at bigint NOT NULL,
    name_en text DEFAULT ''::text NOT NULL,
    title_en text DEFAULT ''::text NOT NULL
);


--
-- Name: org_people_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.org_people_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: org_people_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.org_people_id_seq OWNED BY public.org_people.id;


--
-- Name: org_units; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.org_units (
    id bigint NOT NULL,
    parent_id bigint,
    "position" bigint DEFAULT 0 NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    functions text DEFAULT ''::text NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    fax text DEFAULT ''::text NOT NULL,
    email text DEFAULT ''::text NOT NULL,
    website text DEFAULT ''::text NOT NULL,
    updated_at bigint NOT NULL,
    name_en text DEFAULT ''::text NOT NULL,
    functions_en text DEFAULT ''::text NOT NULL
);


--
-- Name: org_units_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.org_units_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: org_units_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.org_units_id_seq OWNED BY public.org_units.id;


--
-- Name: page_revisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.page_revisions (
    page_id bigint NOT NULL,
    revision bigint NOT NULL,
    created_at bigint NOT NULL,
    user_id bigint,
    parent_id bigint DEFAULT 0 NOT NULL,
    "position" bigint DEFAULT 0 NOT NULL,
    slug text NOT NULL,
    title text NOT NULL,
    body_html text NOT NULL
);


--
-- Name: pages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pages (
    id bigint NOT NULL,
    parent_id bigint,
    "position" bigint DEFAULT 0 NOT NULL,
    slug text NOT NULL,
    title text NOT NULL,
    body_html text DEFAULT ''::text NOT NULL,
    updated_at bigint NOT NULL,
    status text DEFAULT 'published'::text NOT NULL,
    revision bigint DEFAULT 1 NOT NULL,
    owner_id bigint,
    title_en text DEFAULT ''::text NOT NULL,
    body_en text DEFAULT ''::text NOT NULL
);


--
-- Name: pages_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.pages_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: pages_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.pages_id_seq OWNED BY public.pages.id;


--
-- Name: poll_address_votes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.poll_address_votes (
    poll_id bigint NOT NULL,
    address text NOT NULL,
    n bigint NOT NULL
);


--
-- Name: poll_choices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.poll_choices (
    id bigint NOT NULL,
    poll_id bigint NOT NULL,
    label text NOT NULL,
    sort integer DEFAULT 0 NOT NULL,
    votes bigint DEFAULT 0 NOT NULL
);


--
-- Name: poll_choices_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.poll_choices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: poll_choices_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.poll_choices_id_seq OWNED BY public.poll_choices.id;


--
-- Name: poll_votes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.poll_votes (
    poll_id bigint NOT NULL,
    voter text NOT NULL,
    address text NOT NULL,
    at bigint NOT NULL
);


--
-- Name: polls; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.polls (
    id bigint NOT NULL,
    question text NOT NULL,
    multiple integer DEFAULT 0 NOT NULL,
    max_choices integer DEFAULT 1 NOT NULL,
    opens_at bigint DEFAULT 0 NOT NULL,
    closes_at bigint DEFAULT 0 NOT NULL,
    results_after_close integer DEFAULT 0 NOT NULL,
    per_address integer DEFAULT 0 NOT NULL,
    "position" text DEFAULT 'right'::text NOT NULL,
    sort integer DEFAULT 0 NOT NULL,
    active integer DEFAULT 1 NOT NULL
);


--
-- Name: polls_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.polls_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: polls_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.polls_id_seq OWNED BY public.polls.id;


--
-- Name: redirects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.redirects (
    old text NOT NULL,
    target text NOT NULL
);


--
-- Name: revisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revisions (
    article_id bigint NOT NULL,
    revision bigint NOT NULL,
    created_at bigint NOT NULL,
    user_id bigint,
    category_id bigint NOT NULL,
    title text NOT NULL,
    lead text NOT NULL,
    body_html text NOT NULL,
    author text NOT NULL,
    signature text NOT NULL,
    source text NOT NULL,
    tags text NOT NULL,
    image_src text DEFAULT ''::text NOT NULL,
    image_alt text DEFAULT ''::text NOT NULL,
    image_caption text DEFAULT ''::text NOT NULL
);
ALTER TABLE ONLY public.revisions ALTER COLUMN body_html SET COMPRESSION lz4;


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    applied_at bigint NOT NULL
);


--
-- Name: search_docs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.search_docs (
    id bigint NOT NULL,
    category_id bigint NOT NULL,
    published_at bigint NOT NULL,
    expires_at bigint,
    fold tsvector NOT NULL,
    exact tsvector NOT NULL,
    title_fold tsvector GENERATED ALWAYS AS (ts_filter(fold, '{a}'::"char"[])) STORED,
    words tsvector GENERATED ALWAYS AS (strip(fold)) STORED,
    pairs smallint[] NOT NULL
);
ALTER TABLE ONLY public.search_docs ALTER COLUMN fold SET COMPRESSION lz4;
ALTER TABLE ONLY public.search_docs ALTER COLUMN exact SET COMPRESSION lz4;
ALTER TABLE ONLY public.search_docs ALTER COLUMN words SET STORAGE MAIN;
ALTER TABLE ONLY public.search_docs ALTER COLUMN pairs SET STORAGE EXTERNAL;


--
-- Name: search_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.search_log (
    xid xid8 DEFAULT pg_current_xact_id() NOT NULL,
    article_id bigint NOT NULL,
    at bigint DEFAULT (EXTRACT(epoch FROM now()))::bigint NOT NULL
);


--
-- Name: search_log_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.search_log_state (
    one boolean DEFAULT true NOT NULL,
    epoch text NOT NULL,
    horizon xid8 NOT NULL,
    CONSTRAINT search_log_state_one_check CHECK (one)
);


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    token_hash text NOT NULL,
    user_id bigint NOT NULL,
    csrf text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    address text NOT NULL
);


--
-- Name: settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settings (
    key text NOT NULL,
    value text NOT NULL
);


--
-- Name: sources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sources (
    id bigint NOT NULL,
    name text NOT NULL,
    website text DEFAULT ''::text NOT NULL,
    logo text DEFAULT ''::text NOT NULL,
    agreement text DEFAULT ''::text NOT NULL,
    republish boolean DEFAULT false NOT NULL
);


--
-- Name: sources_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sources_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sources_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sources_id_seq OWNED BY public.sources.id;


--
-- Name: tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tags (
    id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL
);


--
-- Name: tags_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tags_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tags_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tags_id_seq OWNED BY public.tags.id;


--
-- Name: takedowns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.takedowns (
    id bigint NOT NULL,
    article_id bigint NOT NULL,
    removed_at bigint NOT NULL,
    deadline bigint NOT NULL,
    created_at bigint NOT NULL,
    done_at bigint,
    alerts bigint DEFAULT 0 NOT NULL,
    note text DEFAULT ''::text NOT NULL
);


--
-- Name: takedowns_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.takedowns_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: takedowns_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.takedowns_id_seq OWNED BY public.takedowns.id;


--
-- Name: throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.throttle (
    key text NOT NULL,
    at bigint NOT NULL
);


--
-- Name: ticket_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ticket_events (
    id bigint NOT NULL,
    ticket_id bigint NOT NULL,
    at bigint NOT NULL,
    user_name text NOT NULL,
    kind text NOT NULL,
    from_unit bigint DEFAULT 0 NOT NULL,
    to_unit bigint DEFAULT 0 NOT NULL,
    body text DEFAULT ''::text NOT NULL
);


--
-- Name: ticket_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.ticket_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ticket_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.ticket_events_id_seq OWNED BY public.ticket_events.id;


--
-- Name: ticket_handlers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ticket_handlers (
    user_id bigint NOT NULL,
    unit_id bigint NOT NULL
);


--
-- Name: tickets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tickets (
    id bigint NOT NULL,
    kind text NOT NULL,
    article_id bigint DEFAULT 0 NOT NULL,
    unit_id bigint DEFAULT 0 NOT NULL,
    name text NOT NULL,
    email text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    subject text NOT NULL,
    message text NOT NULL,
    show_name integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'new'::text NOT NULL,
    due_at bigint NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    published integer DEFAULT 0 NOT NULL,
    answer text DEFAULT ''::text NOT NULL,
    published_at bigint DEFAULT 0 NOT NULL,
    CONSTRAINT tickets_kind_check CHECK ((kind = ANY (ARRAY['question'::text, 'complaint'::text]))),
    CONSTRAINT tickets_status_check CHECK ((status = ANY (ARRAY['new'::text, 'answered'::text, 'forwarded'::text, 'closed'::text])))
);


--
-- Name: tickets_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tickets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tickets_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tickets_id_seq OWNED BY public.tickets.id;


--
-- Name: user_categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_categories (
    user_id bigint NOT NULL,
    category_id bigint NOT NULL
);


--
-- Name: user_rights; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_rights (
    user_id bigint NOT NULL,
    name text NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    name text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL,
    disabled boolean DEFAULT false NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['contributor'::text, 'editor'::text, 'publisher'::text, 'admin'::text])))
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: videos; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.videos (
    id bigint NOT NULL,
    title text NOT NULL,
    file text DEFAULT ''::text NOT NULL,
    mime text DEFAULT ''::text NOT NULL,
    poster text DEFAULT ''::text NOT NULL,
    embed text DEFAULT ''::text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: videos_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.videos_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: videos_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.videos_id_seq OWNED BY public.videos.id;


--
-- Name: views_daily; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.views_daily (
    article_id bigint NOT NULL,
    day integer NOT NULL,
    views bigint NOT NULL
)
WITH (fillfactor='80');


--
-- Name: views_daily_cat; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.views_daily_cat (
    category_id bigint NOT NULL,
    day integer NOT NULL,
    views bigint NOT NULL
);


--
-- Name: visitor_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visitor_days (
    day integer NOT NULL,
    n bigint NOT NULL
);


--
-- Name: visitor_seen; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visitor_seen (
    day integer NOT NULL,
    vid bigint NOT NULL,
    last_seen bigint NOT NULL
);


--
-- Name: widget_secret; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.widget_secret (
    id integer NOT NULL,
    value text NOT NULL,
    CONSTRAINT widget_secret_id_check CHECK ((id = 1))
);


--
-- Name: album_photos id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.album_photos ALTER COLUMN id SET DEFAULT nextval('public.album_photos_id_seq'::regclass);


--
-- Name: albums id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.albums ALTER COLUMN id SET DEFAULT nextval('public.albums_id_seq'::regclass);


--
-- Name: archive id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.archive ALTER COLUMN id SET DEFAULT nextval('public.archive_id_seq'::regclass);


--
-- Name: articles id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles ALTER COLUMN id SET DEFAULT nextval('public.articles_id_seq'::regclass);


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: banners id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.banners ALTER COLUMN id SET DEFAULT nextval('public.banners_id_seq'::regclass);


--
-- Name: categories id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories ALTER COLUMN id SET DEFAULT nextval('public.categories_id_seq'::regclass);


--
-- Name: doc_lists id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doc_lists ALTER COLUMN id SET DEFAULT nextval('public.doc_lists_id_seq'::regclass);


--
-- Name: document_comments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_comments ALTER COLUMN id SET DEFAULT nextval('public.document_comments_id_seq'::regclass);


--
-- Name: document_files id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_files ALTER COLUMN id SET DEFAULT nextval('public.document_files_id_seq'::regclass);


--
-- Name: documents id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents ALTER COLUMN id SET DEFAULT nextval('public.documents_id_seq'::regclass);


--
-- Name: layout_blocks id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.layout_blocks ALTER COLUMN id SET DEFAULT nextval('public.layout_blocks_id_seq'::regclass);


--
-- Name: mail_outbox id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mail_outbox ALTER COLUMN id SET DEFAULT nextval('public.mail_outbox_id_seq'::regclass);


--
-- Name: media id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media ALTER COLUMN id SET DEFAULT nextval('public.media_id_seq'::regclass);


--
-- Name: org_people id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_people ALTER COLUMN id SET DEFAULT nextval('public.org_people_id_seq'::regclass);


--
-- Name: org_units id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_units ALTER COLUMN id SET DEFAULT nextval('public.org_units_id_seq'::regclass);


--
-- Name: pages id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pages ALTER COLUMN id SET DEFAULT nextval('public.pages_id_seq'::regclass);


--
-- Name: poll_choices id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_choices ALTER COLUMN id SET DEFAULT nextval('public.poll_choices_id_seq'::regclass);


--
-- Name: polls id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.polls ALTER COLUMN id SET DEFAULT nextval('public.polls_id_seq'::regclass);


--
-- Name: sources id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sources ALTER COLUMN id SET DEFAULT nextval('public.sources_id_seq'::regclass);


--
-- Name: tags id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags ALTER COLUMN id SET DEFAULT nextval('public.tags_id_seq'::regclass);


--
-- Name: takedowns id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.takedowns ALTER COLUMN id SET DEFAULT nextval('public.takedowns_id_seq'::regclass);


--
-- Name: ticket_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_events ALTER COLUMN id SET DEFAULT nextval('public.ticket_events_id_seq'::regclass);


--
-- Name: tickets id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets ALTER COLUMN id SET DEFAULT nextval('public.tickets_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Name: videos id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.videos ALTER COLUMN id SET DEFAULT nextval('public.videos_id_seq'::regclass);


--
-- Data for Name: album_photos; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.album_photos (id, album_id, file, thumb, caption, sort) FROM stdin;
\.


--
-- Data for Name: albums; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.albums (id, title, cover, created_at) FROM stdin;
\.


--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.api_tokens (token_hash, user_id, created_at, name, expires_at) FROM stdin;
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff	1	1735700000		0
\.


--
-- Data for Name: archive; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.archive (id, article_id, revision, category_id, title, slug, lead, body_html, author, signature, source, published_at, expires_at, from_at, until_at, deleted, tags, image_src, image_alt, image_caption) FROM stdin;
\.


--
-- Data for Name: article_origin; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.article_origin (article_id, source_id, original_url, original_at) FROM stdin;
\.


--
-- Data for Name: article_tags; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.article_tags (article_id, tag_id, "position") FROM stdin;
1	1	0
3	2	0
6	1	0
\.


--
-- Data for Name: article_translations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.article_translations (article_id, lang, title, lead, body_html, updated_at) FROM stdin;
\.


--
-- Data for Name: article_views; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.article_views (article_id, views, xid) FROM stdin;
1	1520	1794
2	87	1794
3	40213	1794
4	0	1794
5	12	1794
6	5	1794
\.


--
-- Data for Name: articles; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.articles (id, category_id, status, title, slug, lead, body_html, author, signature, source, published_at, created_at, updated_at, views_start, revision, featured, owner_id, expires_at, note, image_src, image_alt, image_caption, body_text, body_version, title_fold) FROM stdin;
2	1	published	Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024	tinh-tong-ket-phong-trao-thi-dua-dan-van-kheo-nam-2024	Sapo của bài 2.	<p>Nội dung bài 2: <strong>Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735707200	1735700000	1735700120	87	2	f	\N	\N						0	tinh tong ket phong trao thi dua "dan van kheo" nam 2024 phong vien
3	3	published	Lễ hội đền Chử Đồng Tử đón hàng vạn du khách	le-hoi-den-chu-dong-tu-don-hang-van-du-khach	Sapo của bài 3.	<p>Nội dung bài 3: <strong>Lễ hội đền Chử Đồng Tử đón hàng vạn du khách</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735710800	1735700000	1735700180	40213	2	f	\N	\N						0	le hoi den chu dong tu don hang van du khach phong vien
5	2	unpublished	Tin đã gỡ xuống	tin-da-go-xuong	Sapo của bài 5.	<p>Nội dung bài 5: <strong>Tin đã gỡ xuống</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735718000	1735700000	1735700300	12	2	f	\N	\N						0	tin da go xuong phong vien
1	2	published	Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn	hop-tac-xa-phu-dong-mo-rong-vung-trong-rau-an-toan	Sapo của bài 1.	<p>Nội dung bài 1: <strong>Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735703600	1735700000	1735700060	1520	2	t	1	\N						0	hop tac xa phu dong mo rong vung trong rau an toan phong vien
4	2	draft	Bản nháp: kế hoạch chuyển đổi số cấp xã	ban-nhap-ke-hoach-chuyen-doi-so-cap-xa	Sapo của bài 4.	<p>Nội dung bài 4: <strong>Bản nháp: kế hoạch chuyển đổi số cấp xã</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	\N	1735700000	1735700240	0	2	f	1	\N	Cần thêm ảnh					0	ban nhap: ke hoach chuyen doi so cap xa phong vien
6	1	published	Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên	nhan-long-hung-yen-nhung-don-hang-xuat-khau-dau-tien	Sapo của bài 6.	<p>Nội dung bài 6: <strong>Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735721600	1735700000	1735700360	5	2	f	\N	2051060000						0	nhan long hung yen & nhung don hang xuat khau dau tien phong vien
\.


--
-- Data for Name: audit_chain; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit_chain (id, sealed, head_id, head_hash, cp_id, cp_at, cp_count, cp_hash, cp_mac) FROM stdin;
1	f	0		0	0	0		
\.


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit_log (id, at, user_id, user_name, address, action, object, detail, prev_hash, hash) FROM stdin;
1	1735700000	2	quantri	127.0.0.1	article.publish	article:1			
\.


--
-- Data for Name: autosaves; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.autosaves (user_id, article_id, saved_at, data) FROM stdin;
\.


--
-- Data for Name: banners; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.banners (id, kind, "position", title, image, url, rel, starts_at, ends_at, sort, clicks) FROM stdin;
\.


--
-- Data for Name: categories; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.categories (id, parent_id, name, slug, "position") FROM stdin;
1	\N	Tin tức	tin-tuc	0
2	1	Địa phương	dia-phuong	0
3	\N	Văn hóa - Du lịch	van-hoa-du-lich	1
\.


--
-- Data for Name: doc_lists; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.doc_lists (id, list, name, "position") FROM stdin;
\.


--
-- Data for Name: document_comments; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.document_comments (id, document_id, name, email, body, address, status, created_at) FROM stdin;
\.


--
-- Data for Name: document_files; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.document_files (id, document_id, "position", file, name, type, bytes, downloads, text, created_at) FROM stdin;
\.


--
-- Data for Name: document_relations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.document_relations (from_id, to_id, kind) FROM stdin;
\.


--
-- Data for Name: documents; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.documents (id, kind_id, issuer_id, field_id, number, slug, summary, body_html, signer, signer_position, issued_on, effective_on, expires_on, comment_from, comment_until, replaced_on, status, published_at, created_at, updated_at, revision, owner_id, fold, exact) FROM stdin;
\.


--
-- Data for Name: import_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.import_keys (key, new_id, value) FROM stdin;
\.


--
-- Data for Name: layout_blocks; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.layout_blocks (id, area, sort, kind, arg, title, html) FROM stdin;
\.


--
-- Data for Name: mail_outbox; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.mail_outbox (id, ticket_id, to_addr, subject, body, created_at, attempts, next_at, sent_at, last_error) FROM stdin;
\.


--
-- Data for Name: media; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.media (id, file, thumb, name, mime, bytes, width, height, user_id, created_at, alt, caption, fold) FROM stdin;
1	2025/01/ab12cd.png	2025/01/ab12cd-thumb.png	anh.png	image/png	2048	640	480	1	1735700000			
\.


--
-- Data for Name: media_blobs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.media_blobs (path, seq, data) FROM stdin;
\.


--
-- Data for Name: media_files; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.media_files (path, mime, bytes, chunks, sha256, mtime) FROM stdin;
\.


--
-- Data for Name: meta; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.meta (key, value) FROM stdin;
content_version	2
\.


--
-- Data for Name: org_people; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.org_people (id, unit_id, sort_order, name, title, phone, email, photo, updated_at, name_en, title_en) FROM stdin;
\.


--
-- Data for Name: org_units; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.org_units (id, parent_id, "position", name, slug, functions, address, phone, fax, email, website, updated_at, name_en, functions_en) FROM stdin;
\.


--
-- Data for Name: page_revisions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.page_revisions (page_id, revision, created_at, user_id, parent_id, "position", slug, title, body_html) FROM stdin;
\.


--
-- Data for Name: pages; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.pages (id, parent_id, "position", slug, title, body_html, updated_at, status, revision, owner_id, title_en, body_en) FROM stdin;
\.


--
-- Data for Name: poll_address_votes; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.poll_address_votes (poll_id, address, n) FROM stdin;
\.


--
-- Data for Name: poll_choices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.poll_choices (id, poll_id, label, sort, votes) FROM stdin;
\.


--
-- Data for Name: poll_votes; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.poll_votes (poll_id, voter, address, at) FROM stdin;
\.


--
-- Data for Name: polls; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.polls (id, question, multiple, max_choices, opens_at, closes_at, results_after_close, per_address, "position", sort, active) FROM stdin;
\.


--
-- Data for Name: redirects; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.redirects (old, target) FROM stdin;
\.


--
-- Data for Name: revisions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.revisions (article_id, revision, created_at, user_id, category_id, title, lead, body_html, author, signature, source, tags, image_src, image_alt, image_caption) FROM stdin;
1	1	1735700000	1	2	Hợp tác xã Phù Đổng (bản đầu)	Sapo cũ.	<p>Bản đầu.</p>	Phóng viên	P.V		Nông thôn mới			
\.


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migrations (version, applied_at) FROM stdin;
1	1700000001
2	1700000002
3	1700000003
5	1700000005
4	1700000004
6	1700000006
7	1700000007
8	1700000008
9	1700000009
10	1700000010
11	1700000011
12	1700000012
13	1700000013
14	1700000014
15	1700000015
16	1700000016
17	1700000017
18	1700000018
19	1700000019
20	1700000020
21	1700000021
22	1700000022
23	1700000023
24	1700000024
25	1700000025
26	1700000026
27	1700000027
28	1700000028
29	1700000029
30	1700000030
31	1700000031
32	1700000032
33	1700000033
34	1700000034
35	1700000035
36	1700000036
37	1700000037
38	1700000038
39	1700000039
40	1700000040
41	1700000041
42	1700000042
\.


--
-- Data for Name: search_docs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.search_docs (id, category_id, published_at, expires_at, fold, exact, pairs) FROM stdin;
1	2	1735703600	\N	'1':16B 'an':11A 'bai':15B 'cua':14B 'dong':5A 'hop':1A 'mo':6A 'phu':4A 'rau':10A 'rong':7A 'sapo':13B 'tac':2A 'toan':12A 'trong':9A 'vung':8A 'xa':3A	'1':16B 'an':11A 'bài':15B 'của':14B 'hợp':1A 'mở':6A 'phù':4A 'rau':10A 'rộng':7A 'sapo':13B 'toàn':12A 'trồng':9A 'tác':2A 'vùng':8A 'xã':3A 'đổng':5A	{-30795,-28998,-19728,-9582,-2684,1005,5008,5996,6785,9446,18387,24434,29239,30802,31895}
2	1	1735707200	\N	'2':16B '2024':12A 'bai':15B 'cua':14B 'dan':8A 'dua':7A 'ket':3A 'kheo':10A 'nam':11A 'phong':4A 'sapo':13B 'thi':6A 'tinh':1A 'tong':2A 'trao':5A 'van':9A	'2':16B '2024':12A 'bài':15B 'của':14B 'dân':8A 'khéo':10A 'kết':3A 'năm':11A 'phong':4A 'sapo':13B 'thi':6A 'trào':5A 'tỉnh':1A 'tổng':2A 'vận':9A 'đua':7A	{-30795,-27126,-24239,-17001,-16193,-10943,-8240,-3475,4373,5996,12350,17330,22736,26262,27606}
3	3	1735710800	\N	'3':15B 'bai':14B 'chu':4A 'cua':13B 'den':3A 'don':7A 'dong':5A 'du':10A 'hang':8A 'hoi':2A 'khach':11A 'le':1A 'sapo':12B 'tu':6A 'van':9A	'3':15B 'bài':14B 'chử':4A 'của':13B 'du':10A 'hàng':8A 'hội':2A 'khách':11A 'lễ':1A 'sapo':12B 'tử':6A 'vạn':9A 'đón':7A 'đền':3A 'đồng':5A	{-31488,-30795,-27918,-25879,-23696,-16430,-14546,863,5996,10052,13720,23186,24815,29414}
6	1	1735721600	2051060000	'6':15B 'bai':14B 'cua':13B 'dau':10A 'don':6A 'hang':7A 'hung':3A 'khau':9A 'long':2A 'nhan':1A 'nhung':5A 'sapo':12B 'tien':11A 'xuat':8A 'yen':4A	'6':15B 'bài':14B 'của':13B 'hàng':7A 'hưng':3A 'khẩu':9A 'lồng':2A 'nhãn':1A 'những':5A 'sapo':12B 'tiên':11A 'xuất':8A 'yên':4A 'đơn':6A 'đầu':10A	{-30795,-25605,-23696,-12448,-3528,-3156,1979,3186,3641,5996,14215,19163,20781,28002}
\.


--
-- Data for Name: search_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.search_log (xid, article_id, at) FROM stdin;
1794	0	1796664462
1794	0	1796664462
1794	0	1796664462
1794	1	1796664462
1794	2	1796664462
1794	3	1796664462
1794	4	1796664462
1794	5	1796664462
1794	6	1796664462
1794	1	1796664462
1794	3	1796664462
1794	6	1796664462
1794	1	1796664462
1794	4	1796664462
1794	4	1796664462
1794	6	1796664462
\.


--
-- Data for Name: search_log_state; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.search_log_state (one, epoch, horizon) FROM stdin;
t	6962489c-80d3-4e79-8a45-d169e1cf2476	1790
\.


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sessions (token_hash, user_id, csrf, created_at, expires_at, address) FROM stdin;
\.


--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.settings (key, value) FROM stdin;
site_name	BAN TUYÊN GIÁO (bản cũ PostgreSQL v42)
timezone	Asia/Ho_Chi_Minh
phone	02213 868199
\.


--
-- Data for Name: sources; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sources (id, name, website, logo, agreement, republish) FROM stdin;
\.


--
-- Data for Name: tags; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.tags (id, name, slug) FROM stdin;
1	Nông thôn mới	nong-thon-moi
2	Du lịch	du-lich
\.


--
-- Data for Name: takedowns; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.takedowns (id, article_id, removed_at, deadline, created_at, done_at, alerts, note) FROM stdin;
\.


--
-- Data for Name: throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.throttle (key, at) FROM stdin;
\.


--
-- Data for Name: ticket_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.ticket_events (id, ticket_id, at, user_name, kind, from_unit, to_unit, body) FROM stdin;
\.


--
-- Data for Name: ticket_handlers; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.ticket_handlers (user_id, unit_id) FROM stdin;
\.


--
-- Data for Name: tickets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.tickets (id, kind, article_id, unit_id, name, email, phone, subject, message, show_name, status, due_at, created_at, updated_at, published, answer, published_at) FROM stdin;
\.


--
-- Data for Name: user_categories; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.user_categories (user_id, category_id) FROM stdin;
1	2
\.


--
-- Data for Name: user_rights; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.user_rights (user_id, name) FROM stdin;
\.


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.users (id, name, display_name, role, password_hash, disabled, created_at) FROM stdin;
1	bientap	Biên tập viên	editor	$argon2id$v=19$m=65536,t=2,p=1$ncjZXMfDkxJmxnla5chaJQ$ZLnU1abNMWSgfoEMgl0j+Xsz2HbOtbHG8R0Da3xcu1Q	f	1735700000
2	quantri	Quản trị	admin	$argon2id$v=19$m=65536,t=2,p=1$ncjZXMfDkxJmxnla5chaJQ$ZLnU1abNMWSgfoEMgl0j+Xsz2HbOtbHG8R0Da3xcu1Q	f	1735700000
3	nghiviec	Đã nghỉ	contributor	$argon2id$v=19$m=65536,t=2,p=1$ncjZXMfDkxJmxnla5chaJQ$ZLnU1abNMWSgfoEMgl0j+Xsz2HbOtbHG8R0Da3xcu1Q	t	1735700000
\.


--
-- Data for Name: videos; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.videos (id, title, file, mime, poster, embed, created_at) FROM stdin;
\.


--
-- Data for Name: views_daily; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.views_daily (article_id, day, views) FROM stdin;
1	20250101	5
1	20250102	2
3	20250101	4
\.


--
-- Data for Name: views_daily_cat; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.views_daily_cat (category_id, day, views) FROM stdin;
2	20250101	9
\.


--
-- Data for Name: visitor_days; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.visitor_days (day, n) FROM stdin;
\.


--
-- Data for Name: visitor_seen; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.visitor_seen (day, vid, last_seen) FROM stdin;
\.


--
-- Data for Name: widget_secret; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.widget_secret (id, value) FROM stdin;
1	83f76b2ec0873bae1a05b059760146db76467b82f60370b9417f8a6fa02cfbe4
\.


--
-- Name: album_photos_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.album_photos_id_seq', 1, false);


--
-- Name: albums_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.albums_id_seq', 1, false);


--
-- Name: archive_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.archive_id_seq', 1, false);


--
-- Name: articles_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.articles_id_seq', 6, true);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 1, true);


--
-- Name: banners_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.banners_id_seq', 1, false);


--
-- Name: categories_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.categories_id_seq', 3, true);


--
-- Name: doc_lists_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.doc_lists_id_seq', 1, false);


--
-- Name: document_comments_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.document_comments_id_seq', 1, false);


--
-- Name: document_files_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.document_files_id_seq', 1, false);


--
-- Name: documents_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.documents_id_seq', 1, false);


--
-- Name: layout_blocks_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.layout_blocks_id_seq', 1, false);


--
-- Name: mail_outbox_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.mail_outbox_id_seq', 1, false);


--
-- Name: media_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.media_id_seq', 1, true);


--
-- Name: org_people_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.org_people_id_seq', 1, false);


--
-- Name: org_units_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.org_units_id_seq', 1, false);


--
-- Name: pages_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.pages_id_seq', 1, false);


--
-- Name: poll_choices_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.poll_choices_id_seq', 1, false);


--
-- Name: polls_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.polls_id_seq', 1, false);


--
-- Name: sources_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sources_id_seq', 1, false);


--
-- Name: tags_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tags_id_seq', 2, true);


--
-- Name: takedowns_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.takedowns_id_seq', 1, false);


--
-- Name: ticket_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.ticket_events_id_seq', 1, false);


--
-- Name: tickets_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tickets_id_seq', 1, false);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 3, true);


--
-- Name: videos_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.videos_id_seq', 1, false);


--
-- Name: album_photos album_photos_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.album_photos
    ADD CONSTRAINT album_photos_pkey PRIMARY KEY (id);


--
-- Name: albums albums_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.albums
    ADD CONSTRAINT albums_pkey PRIMARY KEY (id);


--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (token_hash);


--
-- Name: archive archive_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.archive
    ADD CONSTRAINT archive_pkey PRIMARY KEY (id);


--
-- Name: article_origin article_origin_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_origin
    ADD CONSTRAINT article_origin_pkey PRIMARY KEY (article_id);


--
-- Name: article_tags article_tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_tags
    ADD CONSTRAINT article_tags_pkey PRIMARY KEY (article_id, tag_id);


--
-- Name: article_translations article_translations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_translations
    ADD CONSTRAINT article_translations_pkey PRIMARY KEY (article_id, lang);


--
-- Name: article_views article_views_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_views
    ADD CONSTRAINT article_views_pkey PRIMARY KEY (article_id);


--
-- Name: articles articles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_pkey PRIMARY KEY (id);


--
-- Name: audit_chain audit_chain_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_chain
    ADD CONSTRAINT audit_chain_pkey PRIMARY KEY (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: autosaves autosaves_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.autosaves
    ADD CONSTRAINT autosaves_pkey PRIMARY KEY (user_id, article_id);


--
-- Name: banners banners_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.banners
    ADD CONSTRAINT banners_pkey PRIMARY KEY (id);


--
-- Name: categories categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);


--
-- Name: doc_lists doc_lists_list_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doc_lists
    ADD CONSTRAINT doc_lists_list_name_key UNIQUE (list, name);


--
-- Name: doc_lists doc_lists_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doc_lists
    ADD CONSTRAINT doc_lists_pkey PRIMARY KEY (id);


--
-- Name: document_comments document_comments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_comments
    ADD CONSTRAINT document_comments_pkey PRIMARY KEY (id);


--
-- Name: document_files document_files_file_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_files
    ADD CONSTRAINT document_files_file_key UNIQUE (file);


--
-- Name: document_files document_files_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_files
    ADD CONSTRAINT document_files_pkey PRIMARY KEY (id);


--
-- Name: document_relations document_relations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_relations
    ADD CONSTRAINT document_relations_pkey PRIMARY KEY (from_id, to_id, kind);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);


--
-- Name: import_keys import_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_keys
    ADD CONSTRAINT import_keys_pkey PRIMARY KEY (key);


--
-- Name: layout_blocks layout_blocks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.layout_blocks
    ADD CONSTRAINT layout_blocks_pkey PRIMARY KEY (id);


--
-- Name: mail_outbox mail_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT mail_outbox_pkey PRIMARY KEY (id);


--
-- Name: media_blobs media_blobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_blobs
    ADD CONSTRAINT media_blobs_pkey PRIMARY KEY (path, seq);


--
-- Name: media media_file_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media
    ADD CONSTRAINT media_file_key UNIQUE (file);


--
-- Name: media_files media_files_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_pkey PRIMARY KEY (path);


--
-- Name: media media_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media
    ADD CONSTRAINT media_pkey PRIMARY KEY (id);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);


--
-- Name: org_people org_people_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_people
    ADD CONSTRAINT org_people_pkey PRIMARY KEY (id);


--
-- Name: org_units org_units_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_units
    ADD CONSTRAINT org_units_pkey PRIMARY KEY (id);


--
-- Name: org_units org_units_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_units
    ADD CONSTRAINT org_units_slug_key UNIQUE (slug);


--
-- Name: page_revisions page_revisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.page_revisions
    ADD CONSTRAINT page_revisions_pkey PRIMARY KEY (page_id, revision);


--
-- Name: pages pages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pages
    ADD CONSTRAINT pages_pkey PRIMARY KEY (id);


--
-- Name: pages pages_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pages
    ADD CONSTRAINT pages_slug_key UNIQUE (slug);


--
-- Name: poll_address_votes poll_address_votes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_address_votes
    ADD CONSTRAINT poll_address_votes_pkey PRIMARY KEY (poll_id, address);


--
-- Name: poll_choices poll_choices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_choices
    ADD CONSTRAINT poll_choices_pkey PRIMARY KEY (id);


--
-- Name: poll_votes poll_votes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_votes
    ADD CONSTRAINT poll_votes_pkey PRIMARY KEY (poll_id, voter);


--
-- Name: polls polls_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.polls
    ADD CONSTRAINT polls_pkey PRIMARY KEY (id);


--
-- Name: redirects redirects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.redirects
    ADD CONSTRAINT redirects_pkey PRIMARY KEY (old);


--
-- Name: revisions revisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions
    ADD CONSTRAINT revisions_pkey PRIMARY KEY (article_id, revision);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: search_docs search_docs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.search_docs
    ADD CONSTRAINT search_docs_pkey PRIMARY KEY (id);


--
-- Name: search_log_state search_log_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.search_log_state
    ADD CONSTRAINT search_log_state_pkey PRIMARY KEY (one);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (token_hash);


--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (key);


--
-- Name: sources sources_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT sources_name_key UNIQUE (name);


--
-- Name: sources sources_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT sources_pkey PRIMARY KEY (id);


--
-- Name: tags tags_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_name_key UNIQUE (name);


--
-- Name: tags tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_pkey PRIMARY KEY (id);


--
-- Name: tags tags_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_slug_key UNIQUE (slug);


--
-- Name: takedowns takedowns_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.takedowns
    ADD CONSTRAINT takedowns_pkey PRIMARY KEY (id);


--
-- Name: ticket_events ticket_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_events
    ADD CONSTRAINT ticket_events_pkey PRIMARY KEY (id);


--
-- Name: ticket_handlers ticket_handlers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_handlers
    ADD CONSTRAINT ticket_handlers_pkey PRIMARY KEY (user_id, unit_id);


--
-- Name: tickets tickets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);


--
-- Name: user_categories user_categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_categories
    ADD CONSTRAINT user_categories_pkey PRIMARY KEY (user_id, category_id);


--
-- Name: user_rights user_rights_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_rights
    ADD CONSTRAINT user_rights_pkey PRIMARY KEY (user_id, name);


--
-- Name: users users_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_name_key UNIQUE (name);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: videos videos_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.videos
    ADD CONSTRAINT videos_pkey PRIMARY KEY (id);


--
-- Name: views_daily_cat views_daily_cat_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.views_daily_cat
    ADD CONSTRAINT views_daily_cat_pkey PRIMARY KEY (day, category_id);


--
-- Name: views_daily views_daily_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.views_daily
    ADD CONSTRAINT views_daily_pkey PRIMARY KEY (day, article_id);


--
-- Name: visitor_days visitor_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitor_days
    ADD CONSTRAINT visitor_days_pkey PRIMARY KEY (day);


--
-- Name: visitor_seen visitor_seen_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitor_seen
    ADD CONSTRAINT visitor_seen_pkey PRIMARY KEY (day, vid);


--
-- Name: widget_secret widget_secret_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.widget_secret
    ADD CONSTRAINT widget_secret_pkey PRIMARY KEY (id);


--
-- Name: album_photos_album; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX album_photos_album ON public.album_photos USING btree (album_id, sort);


--
-- Name: api_tokens_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX api_tokens_user ON public.api_tokens USING btree (user_id);


--
-- Name: archive_article; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX archive_article ON public.archive USING btree (article_id, from_at);


--
-- Name: archive_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX archive_category ON public.archive USING btree (category_id, from_at);


--
-- Name: archive_ended; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX archive_ended ON public.archive USING btree (LEAST(until_at, expires_at)) WHERE (until_at IS NOT NULL);


--
-- Name: article_origin_source; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX article_origin_source ON public.article_origin USING btree (source_id);


--
-- Name: article_tags_tag; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX article_tags_tag ON public.article_tags USING btree (tag_id);


--
-- Name: article_translations_lang; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX article_translations_lang ON public.article_translations USING btree (lang, updated_at);


--
-- Name: article_views_views; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX article_views_views ON public.article_views USING btree (views DESC);


--
-- Name: article_views_xid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX article_views_xid ON public.article_views USING btree (xid);


--
-- Name: articles_body_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_body_version ON public.articles USING btree (body_version, id);


--
-- Name: articles_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_category ON public.articles USING btree (category_id, status, published_at DESC, id DESC);


--
-- Name: articles_expires; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_expires ON public.articles USING btree (status, expires_at) WHERE (expires_at IS NOT NULL);


--
-- Name: articles_owner; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_owner ON public.articles USING btree (owner_id, updated_at DESC);


--
-- Name: articles_published; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_published ON public.articles USING btree (status, published_at DESC, id DESC);


--
-- Name: articles_updated; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_updated ON public.articles USING btree (updated_at DESC, id DESC);


--
-- Name: audit_log_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_at ON public.audit_log USING btree (at);


--
-- Name: categories_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX categories_name ON public.categories USING btree (COALESCE(parent_id, (0)::bigint), name);


--
-- Name: categories_slug; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX categories_slug ON public.categories USING btree (COALESCE(parent_id, (0)::bigint), slug);


--
-- Name: document_comments_doc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_comments_doc ON public.document_comments USING btree (document_id, id);


--
-- Name: document_files_doc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_files_doc ON public.document_files USING btree (document_id);


--
-- Name: document_relations_to; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_relations_to ON public.document_relations USING btree (to_id, kind);


--
-- Name: documents_field; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documents_field ON public.documents USING btree (field_id);


--
-- Name: documents_fold; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documents_fold ON public.documents USING gin (fold);


--
-- Name: documents_issued; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documents_issued ON public.documents USING btree (issued_on DESC, id DESC);


--
-- Name: documents_issuer; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documents_issuer ON public.documents USING btree (issuer_id);


--
-- Name: documents_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documents_kind ON public.documents USING btree (kind_id);


--
-- Name: mail_outbox_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mail_outbox_due ON public.mail_outbox USING btree (sent_at, next_at);


--
-- Name: mail_outbox_ticket; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mail_outbox_ticket ON public.mail_outbox USING btree (ticket_id);


--
-- Name: media_thumb; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_thumb ON public.media USING btree (thumb);


--
-- Name: org_people_unit; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX org_people_unit ON public.org_people USING btree (unit_id, sort_order);


--
-- Name: pages_parent; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pages_parent ON public.pages USING btree (parent_id, "position");


--
-- Name: poll_choices_poll; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX poll_choices_poll ON public.poll_choices USING btree (poll_id);


--
-- Name: poll_votes_address; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX poll_votes_address ON public.poll_votes USING btree (poll_id, address);


--
-- Name: search_docs_pairs; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_docs_pairs ON public.search_docs USING gin (pairs);


--
-- Name: search_docs_title; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_docs_title ON public.search_docs USING gin (title_fold);


--
-- Name: search_docs_words; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_docs_words ON public.search_docs USING gin (words);


--
-- Name: search_log_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_log_at ON public.search_log USING btree (at);


--
-- Name: search_log_xid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_log_xid ON public.search_log USING btree (xid);


--
-- Name: sessions_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_user ON public.sessions USING btree (user_id);


--
-- Name: takedowns_article; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX takedowns_article ON public.takedowns USING btree (article_id);


--
-- Name: throttle_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX throttle_key ON public.throttle USING btree (key, at);


--
-- Name: ticket_events_ticket; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ticket_events_ticket ON public.ticket_events USING btree (ticket_id, id);


--
-- Name: tickets_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_email ON public.tickets USING btree (email);


--
-- Name: tickets_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_open ON public.tickets USING btree (unit_id, status, due_at);


--
-- Name: tickets_phone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_phone ON public.tickets USING btree (phone);


--
-- Name: tickets_published; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_published ON public.tickets USING btree (published, published_at);


--
-- Name: tickets_updated; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tickets_updated ON public.tickets USING btree (updated_at);


--
-- Name: visitor_seen_last; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX visitor_seen_last ON public.visitor_seen USING btree (last_seen);


--
-- Name: article_tags article_tags_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_tags_del AFTER DELETE ON public.article_tags FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: article_tags article_tags_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_tags_ins AFTER INSERT ON public.article_tags FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: article_translations article_translations_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_translations_del AFTER DELETE ON public.article_translations FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: article_translations article_translations_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_translations_ins AFTER INSERT ON public.article_translations FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: article_translations article_translations_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_translations_upd AFTER UPDATE ON public.article_translations FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: articles article_views_new; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_views_new AFTER INSERT ON public.articles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_article_views_new();


--
-- Name: article_views article_views_xid; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_views_xid BEFORE UPDATE ON public.article_views FOR EACH ROW EXECUTE FUNCTION public.gz_article_views_xid();


--
-- Name: articles articles_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_del AFTER DELETE ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: articles articles_fold; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_fold BEFORE INSERT ON public.articles FOR EACH ROW WHEN ((new.title_fold = ''::text)) EXECUTE FUNCTION public.gz_title_fold();


--
-- Name: articles articles_fold_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_fold_upd BEFORE UPDATE OF title, author ON public.articles FOR EACH ROW EXECUTE FUNCTION public.gz_title_fold();


--
-- Name: articles articles_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_ins AFTER INSERT ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: articles articles_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, body_html, author, signature, source, published_at, featured, expires_at, image_src, image_alt, image_caption ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: categories categories_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER categories_del AFTER DELETE ON public.categories FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: categories categories_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER categories_ins AFTER INSERT ON public.categories FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: categories categories_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER categories_upd AFTER UPDATE ON public.categories FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: doc_lists doc_lists_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER doc_lists_changed AFTER UPDATE ON public.doc_lists FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: document_comments document_comments_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_comments_changed AFTER UPDATE OF status ON public.document_comments FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: document_files document_files_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER document_files_changed AFTER INSERT OR DELETE ON public.document_files FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: documents documents_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER documents_changed AFTER INSERT OR DELETE OR UPDATE ON public.documents FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: article_translations mirror_log_langs_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_langs_del AFTER DELETE ON public.article_translations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_old();


--
-- Name: article_translations mirror_log_langs_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_langs_ins AFTER INSERT ON public.article_translations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_new();


--
-- Name: article_translations mirror_log_langs_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_langs_upd AFTER UPDATE ON public.article_translations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_new();


--
-- Name: tags mirror_log_tag_names; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_tag_names AFTER UPDATE ON public.tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_tags();


--
-- Name: article_tags mirror_log_tags_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_tags_del AFTER DELETE ON public.article_tags REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_old();


--
-- Name: article_tags mirror_log_tags_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_tags_ins AFTER INSERT ON public.article_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_new();


--
-- Name: article_tags mirror_log_tags_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_tags_upd AFTER UPDATE ON public.article_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_mirror_log_new();


--
-- Name: article_tags mirror_log_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON public.article_tags FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_reset();


--
-- Name: article_translations mirror_log_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON public.article_translations FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_reset();


--
-- Name: article_views mirror_log_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON public.article_views FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_reset();


--
-- Name: tags mirror_log_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mirror_log_truncate AFTER TRUNCATE ON public.tags FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_reset();


--
-- Name: org_people org_people_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER org_people_del AFTER DELETE ON public.org_people FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: org_people org_people_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER org_people_ins AFTER INSERT ON public.org_people FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: org_people org_people_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER org_people_upd AFTER UPDATE ON public.org_people FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: org_units org_units_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER org_units_del AFTER DELETE ON public.org_units FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: org_units org_units_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER org_units_ins AFTER INSERT ON public.org_units FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: org_units org_units_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER org_units_upd AFTER UPDATE ON public.org_units FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: pages pages_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER pages_del AFTER DELETE ON public.pages FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: pages pages_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER pages_ins AFTER INSERT ON public.pages FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: pages pages_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER pages_upd AFTER UPDATE ON public.pages FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: redirects redirects_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER redirects_ins AFTER INSERT ON public.redirects FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: redirects redirects_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER redirects_upd AFTER UPDATE ON public.redirects FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: categories search_log_cats; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_log_cats AFTER INSERT OR DELETE OR UPDATE ON public.categories FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_cats();


--
-- Name: articles search_log_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_log_del AFTER DELETE ON public.articles REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_old();


--
-- Name: articles search_log_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_log_ins AFTER INSERT ON public.articles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_new();


--
-- Name: articles search_log_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_log_truncate AFTER TRUNCATE ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_search_log_reset();


--
-- Name: articles search_log_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_log_upd AFTER UPDATE ON public.articles FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.gz_search_log_row();


--
-- Name: search_docs search_pairs; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_pairs BEFORE INSERT ON public.search_docs FOR EACH ROW WHEN ((new.pairs IS NULL)) EXECUTE FUNCTION public.gz_pairs_fill();


--
-- Name: search_docs search_pairs_fold; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_pairs_fold BEFORE UPDATE OF fold ON public.search_docs FOR EACH ROW WHEN (((new.pairs IS NULL) OR ((NOT (new.pairs IS DISTINCT FROM old.pairs)) AND (new.fold IS DISTINCT FROM old.fold)))) EXECUTE FUNCTION public.gz_pairs_fill();


--
-- Name: articles search_sync; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF status, title, lead, body_text, category_id, published_at, expires_at ON public.articles FOR EACH ROW EXECUTE FUNCTION public.gz_search_sync();


--
-- Name: settings settings_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER settings_ins AFTER INSERT ON public.settings FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: settings settings_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER settings_upd AFTER UPDATE ON public.settings FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: album_photos album_photos_album_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.album_photos
    ADD CONSTRAINT album_photos_album_id_fkey FOREIGN KEY (album_id) REFERENCES public.albums(id) ON DELETE CASCADE;


--
-- Name: api_tokens api_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: article_origin article_origin_article_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_origin
    ADD CONSTRAINT article_origin_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;


--
-- Name: article_origin article_origin_source_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_origin
    ADD CONSTRAINT article_origin_source_id_fkey FOREIGN KEY (source_id) REFERENCES public.sources(id);


--
-- Name: article_tags article_tags_article_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_tags
    ADD CONSTRAINT article_tags_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;


--
-- Name: article_tags article_tags_tag_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_tags
    ADD CONSTRAINT article_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES public.tags(id);


--
-- Name: article_translations article_translations_article_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_translations
    ADD CONSTRAINT article_translations_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;


--
-- Name: article_views article_views_article_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_views
    ADD CONSTRAINT article_views_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;


--
-- Name: articles articles_category_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.categories(id);


--
-- Name: articles articles_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: autosaves autosaves_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.autosaves
    ADD CONSTRAINT autosaves_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: categories categories_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.categories(id);


--
-- Name: document_comments document_comments_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_comments
    ADD CONSTRAINT document_comments_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(id) ON DELETE CASCADE;


--
-- Name: document_files document_files_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_files
    ADD CONSTRAINT document_files_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(id) ON DELETE CASCADE;


--
-- Name: document_relations document_relations_from_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_relations
    ADD CONSTRAINT document_relations_from_id_fkey FOREIGN KEY (from_id) REFERENCES public.documents(id) ON DELETE CASCADE;


--
-- Name: document_relations document_relations_to_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_relations
    ADD CONSTRAINT document_relations_to_id_fkey FOREIGN KEY (to_id) REFERENCES public.documents(id) ON DELETE CASCADE;


--
-- Name: documents documents_field_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_field_id_fkey FOREIGN KEY (field_id) REFERENCES public.doc_lists(id);


--
-- Name: documents documents_issuer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_issuer_id_fkey FOREIGN KEY (issuer_id) REFERENCES public.doc_lists(id);


--
-- Name: documents documents_kind_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_kind_id_fkey FOREIGN KEY (kind_id) REFERENCES public.doc_lists(id);


--
-- Name: documents documents_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: media_blobs media_blobs_path_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_blobs
    ADD CONSTRAINT media_blobs_path_fkey FOREIGN KEY (path) REFERENCES public.media_files(path) ON DELETE CASCADE;


--
-- Name: media media_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media
    ADD CONSTRAINT media_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: org_people org_people_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_people
    ADD CONSTRAINT org_people_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.org_units(id);


--
-- Name: org_units org_units_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.org_units
    ADD CONSTRAINT org_units_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.org_units(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: page_revisions page_revisions_page_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.page_revisions
    ADD CONSTRAINT page_revisions_page_id_fkey FOREIGN KEY (page_id) REFERENCES public.pages(id) ON DELETE CASCADE;


--
-- Name: page_revisions page_revisions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.page_revisions
    ADD CONSTRAINT page_revisions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: pages pages_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pages
    ADD CONSTRAINT pages_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: pages pages_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pages
    ADD CONSTRAINT pages_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.pages(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: poll_address_votes poll_address_votes_poll_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_address_votes
    ADD CONSTRAINT poll_address_votes_poll_id_fkey FOREIGN KEY (poll_id) REFERENCES public.polls(id) ON DELETE CASCADE;


--
-- Name: poll_choices poll_choices_poll_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_choices
    ADD CONSTRAINT poll_choices_poll_id_fkey FOREIGN KEY (poll_id) REFERENCES public.polls(id) ON DELETE CASCADE;


--
-- Name: poll_votes poll_votes_poll_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.poll_votes
    ADD CONSTRAINT poll_votes_poll_id_fkey FOREIGN KEY (poll_id) REFERENCES public.polls(id) ON DELETE CASCADE;


--
-- Name: revisions revisions_article_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions
    ADD CONSTRAINT revisions_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;


--
-- Name: revisions revisions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revisions
    ADD CONSTRAINT revisions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: search_docs search_docs_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.search_docs
    ADD CONSTRAINT search_docs_id_fkey FOREIGN KEY (id) REFERENCES public.articles(id) ON DELETE CASCADE;


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: ticket_events ticket_events_ticket_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_events
    ADD CONSTRAINT ticket_events_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES public.tickets(id) ON DELETE CASCADE;


--
-- Name: ticket_handlers ticket_handlers_unit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_handlers
    ADD CONSTRAINT ticket_handlers_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.org_units(id) ON DELETE CASCADE;


--
-- Name: ticket_handlers ticket_handlers_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_handlers
    ADD CONSTRAINT ticket_handlers_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: user_categories user_categories_category_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_categories
    ADD CONSTRAINT user_categories_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.categories(id) ON DELETE CASCADE;


--
-- Name: user_categories user_categories_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_categories
    ADD CONSTRAINT user_categories_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: user_rights user_rights_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_rights
    ADD CONSTRAINT user_rights_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


