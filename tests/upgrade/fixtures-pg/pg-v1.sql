-- Gazette PostgreSQL database at schema version 1 (made by tests/upgrade/make_fixtures_pg.py; password of every account: mat-khau-ban-cu-2025)
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

SET default_tablespace = '';

SET default_table_access_method = heap;

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
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    applied_at bigint NOT NULL
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

COPY public.articles (id, category_id, status, title, slug, lead, body_html, author, signature, source, published_at, created_at, updated_at, views, revision, featured) FROM stdin;
1	2	published	Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn	hop-tac-xa-phu-dong-mo-rong-vung-trong-rau-an-toan	Sapo của bài 1.	<p>Nội dung bài 1: <strong>Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735703600	1735700000	1735700060	1520	2	t
2	1	published	Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024	tinh-tong-ket-phong-trao-thi-dua-dan-van-kheo-nam-2024	Sapo của bài 2.	<p>Nội dung bài 2: <strong>Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735707200	1735700000	1735700120	87	2	f
3	3	published	Lễ hội đền Chử Đồng Tử đón hàng vạn du khách	le-hoi-den-chu-dong-tu-don-hang-van-du-khach	Sapo của bài 3.	<p>Nội dung bài 3: <strong>Lễ hội đền Chử Đồng Tử đón hàng vạn du khách</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735710800	1735700000	1735700180	40213	2	f
4	2	draft	Bản nháp: kế hoạch chuyển đổi số cấp xã	ban-nhap-ke-hoach-chuyen-doi-so-cap-xa	Sapo của bài 4.	<p>Nội dung bài 4: <strong>Bản nháp: kế hoạch chuyển đổi số cấp xã</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	\N	1735700000	1735700240	0	2	f
5	2	unpublished	Tin đã gỡ xuống	tin-da-go-xuong	Sapo của bài 5.	<p>Nội dung bài 5: <strong>Tin đã gỡ xuống</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735718000	1735700000	1735700300	12	2	f
6	1	published	Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên	nhan-long-hung-yen-nhung-don-hang-xuat-khau-dau-tien	Sapo của bài 6.	<p>Nội dung bài 6: <strong>Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên</strong>.</p>	Phóng viên	P.V	Báo Hưng Yên	1735721600	1735700000	1735700360	5	2	f
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
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migrations (version, applied_at) FROM stdin;
1	1700000001
\.


--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.settings (key, value) FROM stdin;
site_name	BAN TUYÊN GIÁO (bản cũ PostgreSQL v1)
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
-- Name: categories categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


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
-- Name: articles_published; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX articles_published ON public.articles USING btree (status, published_at DESC, id DESC);


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
-- Name: categories categories_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.categories(id);


--
-- PostgreSQL database dump complete
--


