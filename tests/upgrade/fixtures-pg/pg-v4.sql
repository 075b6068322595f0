-- Gazette PostgreSQL database at schema version 4 (made by tests/upgrade/make_fixtures_pg.py; password of every account: mat-khau-ban-cu-2025)
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
-- Name: gz_content_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_content_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'content_version';
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
  IF NEW.status <> 'published' THEN
    DELETE FROM search_docs WHERE id = NEW.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'published' AND OLD.title = NEW.title AND OLD.lead = NEW.lead AND OLD.body_html = NEW.body_html THEN
    UPDATE search_docs SET category_id = NEW.category_id, published_at = coalesce(NEW.published_at, 0), expires_at = NEW.expires_at WHERE id = NEW.id;
    IF FOUND THEN RETURN NULL; END IF;
  END IF;
  INSERT INTO search_docs VALUES (NEW.id, NEW.category_id, coalesce(NEW.published_at, 0), NEW.expires_at, gz_vector(NEW.title, NEW.lead, NEW.body_html, true), gz_vector(NEW.title, NEW.lead, NEW.body_html, false)) ON CONFLICT (id) DO UPDATE SET category_id = EXCLUDED.category_id, published_at = EXCLUDED.published_at, expires_at = EXCLUDED.expires_at, fold = EXCLUDED.fold, exact = EXCLUDED.exact;
  RETURN NULL;
END $$;


--
-- Name: gz_text(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_text(html text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT replace(replace(replace(replace(replace(replace(regexp_replace(html, '<[^>]*>', ' ', 'g'), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&nbsp;', ' '), '&amp;', '&') $$;


--
-- Name: gz_vector(text, text, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_vector(title text, lead text, body text, fold boolean) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(title) ELSE gz_lower(title) END)), 'A') || setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(lead) ELSE gz_lower(lead) END)), 'B') || setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(gz_text(body)) ELSE gz_lower(gz_text(body)) END)), 'D') $$;


--
-- Name: gz_words(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.gz_words(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace(translate(t, '“”‘’–—…«»·• ', '            '), '[[:punct:][:space:]]+', ' ', 'g') $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    token_hash text NOT NULL,
    user_id bigint NOT NULL,
    created_at bigint NOT NULL
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
    views bigint DEFAULT 0 NOT NULL,
    revision bigint DEFAULT 1 NOT NULL,
    featured boolean DEFAULT false NOT NULL,
    owner_id bigint,
    expires_at bigint,
    note text DEFAULT ''::text NOT NULL,
    CONSTRAINT articles_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'submitted'::text, 'published'::text, 'unpublished'::text]))),
    CONSTRAINT articles_views_check CHECK ((views >= 0))
);


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
    detail text NOT NULL
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
-- Name: meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meta (
    key text NOT NULL,
    value bigint NOT NULL
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
    tags text NOT NULL
);


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
    exact tsvector NOT NULL
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
-- Name: throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.throttle (
    key text NOT NULL,
    at bigint NOT NULL
);


--
-- Name: user_categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_categories (
    user_id bigint NOT NULL,
    category_id bigint NOT NULL
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
-- Name: articles id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles ALTER COLUMN id SET DEFAULT nextval('public.articles_id_seq'::regclass);


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: categories id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories ALTER COLUMN id SET DEFAULT nextval('public.categories_id_seq'::regclass);


--
-- Name: tags id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags ALTER COLUMN id SET DEFAULT nextval('public.tags_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.api_tokens (token_hash, user_id, created_at) FROM stdin;
ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff	1	1735700000
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
-- Data for Name: articles; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.articles (id, category_id, status, title, slug, lead, body_html, author, signature, source, published_at, created_at, updated_at, views, revision, featured, owner_id, expires_at, note) FROM stdin;
2	1	published	Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024	tinh-tong-ket-phong-trao-thi-dua-dan-van-kheo-nam-2024	Sapo của bài 2.	<p>Nội dung bài 2: <strong>Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735707200	1735700000	1735700120	87	2	f	\N	\N	
3	3	published	Lễ hội đền Chử Đồng Tử đón hàng vạn du khách	le-hoi-den-chu-dong-tu-don-hang-van-du-khach	Sapo của bài 3.	<p>Nội dung bài 3: <strong>Lễ hội đền Chử Đồng Tử đón hàng vạn du khách</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735710800	1735700000	1735700180	40213	2	f	\N	\N	
5	2	unpublished	Tin đã gỡ xuống	tin-da-go-xuong	Sapo của bài 5.	<p>Nội dung bài 5: <strong>Tin đã gỡ xuống</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735718000	1735700000	1735700300	12	2	f	\N	\N	
1	2	published	Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn	hop-tac-xa-phu-dong-mo-rong-vung-trong-rau-an-toan	Sapo của bài 1.	<p>Nội dung bài 1: <strong>Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735703600	1735700000	1735700060	1520	2	t	1	\N	
4	2	draft	Bản nháp: kế hoạch chuyển đổi số cấp xã	ban-nhap-ke-hoach-chuyen-doi-so-cap-xa	Sapo của bài 4.	<p>Nội dung bài 4: <strong>Bản nháp: kế hoạch chuyển đổi số cấp xã</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	\N	1735700000	1735700240	0	2	f	1	\N	Cần thêm ảnh
6	1	published	Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên	nhan-long-hung-yen-nhung-don-hang-xuat-khau-dau-tien	Sapo của bài 6.	<p>Nội dung bài 6: <strong>Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735721600	1735700000	1735700360	5	2	f	\N	2051060000	
\.


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit_log (id, at, user_id, user_name, address, action, object, detail) FROM stdin;
1	1735700000	2	quantri	127.0.0.1	article.publish	article:1	
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
-- Data for Name: meta; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.meta (key, value) FROM stdin;
content_version	17
\.


--
-- Data for Name: revisions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.revisions (article_id, revision, created_at, user_id, category_id, title, lead, body_html, author, signature, source, tags) FROM stdin;
1	1	1735700000	1	2	Hợp tác xã Phù Đổng (bản đầu)	Sapo cũ.	<p>Bản đầu.</p>	Phóng viên	P.V		Nông thôn mới
\.


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migrations (version, applied_at) FROM stdin;
1	1700000001
2	1700000002
3	1700000003
4	1700000004
\.


--
-- Data for Name: search_docs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.search_docs (id, category_id, published_at, expires_at, fold, exact) FROM stdin;
2	1	1735707200	\N	'2':16B,20 '2024':12A,32 'bai':15B,19 'cua':14B 'dan':8A,28 'dua':7A,27 'dung':18 'ket':3A,23 'kheo':10A,30 'nam':11A,31 'noi':17 'phong':4A,24 'sapo':13B 'thi':6A,26 'tinh':1A,21 'tong':2A,22 'trao':5A,25 'van':9A,29	'2':16B,20 '2024':12A,32 'bài':15B,19 'của':14B 'dung':18 'dân':8A,28 'khéo':10A,30 'kết':3A,23 'năm':11A,31 'nội':17 'phong':4A,24 'sapo':13B 'thi':6A,26 'trào':5A,25 'tỉnh':1A,21 'tổng':2A,22 'vận':9A,29 'đua':7A,27
3	3	1735710800	\N	'3':15B,19 'bai':14B,18 'chu':4A,23 'cua':13B 'den':3A,22 'don':7A,26 'dong':5A,24 'du':10A,29 'dung':17 'hang':8A,27 'hoi':2A,21 'khach':11A,30 'le':1A,20 'noi':16 'sapo':12B 'tu':6A,25 'van':9A,28	'3':15B,19 'bài':14B,18 'chử':4A,23 'của':13B 'du':10A,29 'dung':17 'hàng':8A,27 'hội':2A,21 'khách':11A,30 'lễ':1A,20 'nội':16 'sapo':12B 'tử':6A,25 'vạn':9A,28 'đón':7A,26 'đền':3A,22 'đồng':5A,24
1	2	1735703600	\N	'1':16B,20 'an':11A,31 'bai':15B,19 'cua':14B 'dong':5A,25 'dung':18 'hop':1A,21 'mo':6A,26 'noi':17 'phu':4A,24 'rau':10A,30 'rong':7A,27 'sapo':13B 'tac':2A,22 'toan':12A,32 'trong':9A,29 'vung':8A,28 'xa':3A,23	'1':16B,20 'an':11A,31 'bài':15B,19 'của':14B 'dung':18 'hợp':1A,21 'mở':6A,26 'nội':17 'phù':4A,24 'rau':10A,30 'rộng':7A,27 'sapo':13B 'toàn':12A,32 'trồng':9A,29 'tác':2A,22 'vùng':8A,28 'xã':3A,23 'đổng':5A,25
6	1	1735721600	2051060000	'6':15B,19 'bai':14B,18 'cua':13B 'dau':10A,29 'don':6A,25 'dung':17 'hang':7A,26 'hung':3A,22 'khau':9A,28 'long':2A,21 'nhan':1A,20 'nhung':5A,24 'noi':16 'sapo':12B 'tien':11A,30 'xuat':8A,27 'yen':4A,23	'6':15B,19 'bài':14B,18 'của':13B 'dung':17 'hàng':7A,26 'hưng':3A,22 'khẩu':9A,28 'lồng':2A,21 'nhãn':1A,20 'những':5A,24 'nội':16 'sapo':12B 'tiên':11A,30 'xuất':8A,27 'yên':4A,23 'đơn':6A,25 'đầu':10A,29
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
site_name	BAN TUYÊN GIÁO (bản cũ PostgreSQL v4)
timezone	Asia/Ho_Chi_Minh
phone	02213 868199
\.


--
-- Data for Name: tags; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.tags (id, name, slug) FROM stdin;
1	Nông thôn mới	nong-thon-moi
2	Du lịch	du-lich
\.


--
-- Data for Name: throttle; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.throttle (key, at) FROM stdin;
\.


--
-- Data for Name: user_categories; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.user_categories (user_id, category_id) FROM stdin;
1	2
\.


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.users (id, name, display_name, role, password_hash, disabled, created_at) FROM stdin;
1	bientap	Biên tập viên	editor	$argon2id$v=19$m=65536,t=2,p=1$CzMRjIuzhQUyuIYwevr3tg$e968ne13Qczmfqem8LADI5R6+ZOGNWHF4gI5bNEukbE	f	1735700000
2	quantri	Quản trị	admin	$argon2id$v=19$m=65536,t=2,p=1$CzMRjIuzhQUyuIYwevr3tg$e968ne13Qczmfqem8LADI5R6+ZOGNWHF4gI5bNEukbE	f	1735700000
3	nghiviec	Đã nghỉ	contributor	$argon2id$v=19$m=65536,t=2,p=1$CzMRjIuzhQUyuIYwevr3tg$e968ne13Qczmfqem8LADI5R6+ZOGNWHF4gI5bNEukbE	t	1735700000
\.


--
-- Name: articles_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.articles_id_seq', 6, true);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 1, true);


--
-- Name: categories_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.categories_id_seq', 3, true);


--
-- Name: tags_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tags_id_seq', 2, true);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 3, true);


--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (token_hash);


--
-- Name: article_tags article_tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.article_tags
    ADD CONSTRAINT article_tags_pkey PRIMARY KEY (article_id, tag_id);


--
-- Name: articles articles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_pkey PRIMARY KEY (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: categories categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);


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
-- Name: user_categories user_categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_categories
    ADD CONSTRAINT user_categories_pkey PRIMARY KEY (user_id, category_id);


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
-- Name: article_tags_tag; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX article_tags_tag ON public.article_tags USING btree (tag_id);


--
-- Name: articles_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_category ON public.articles USING btree (category_id, status, published_at DESC, id DESC);


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
-- Name: articles_views; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_views ON public.articles USING btree (status, views DESC);


--
-- Name: categories_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX categories_name ON public.categories USING btree (COALESCE(parent_id, (0)::bigint), name);


--
-- Name: categories_slug; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX categories_slug ON public.categories USING btree (COALESCE(parent_id, (0)::bigint), slug);


--
-- Name: search_docs_fold; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_docs_fold ON public.search_docs USING gin (fold);


--
-- Name: sessions_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_user ON public.sessions USING btree (user_id);


--
-- Name: throttle_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX throttle_key ON public.throttle USING btree (key, at);


--
-- Name: article_tags article_tags_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_tags_del AFTER DELETE ON public.article_tags FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: article_tags article_tags_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER article_tags_ins AFTER INSERT ON public.article_tags FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: articles articles_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_del AFTER DELETE ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: articles articles_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_ins AFTER INSERT ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: articles articles_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, body_html, author, signature, source, published_at, featured, expires_at ON public.articles FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


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
-- Name: articles search_sync; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE ON public.articles FOR EACH ROW EXECUTE FUNCTION public.gz_search_sync();


--
-- Name: settings settings_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER settings_ins AFTER INSERT ON public.settings FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: settings settings_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER settings_upd AFTER UPDATE ON public.settings FOR EACH STATEMENT EXECUTE FUNCTION public.gz_content_changed();


--
-- Name: api_tokens api_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


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
-- Name: categories categories_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.categories(id);


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
-- PostgreSQL database dump complete
--


