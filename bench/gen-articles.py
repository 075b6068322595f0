#!/usr/bin/env python3
"""Writes N deterministic articles as JSON Lines (DESIGN.md section 7) for the memory and
start-up benchmarks: Vietnamese text of realistic size (a lead and 4-9 paragraphs, about 2-5 KB
of body), spread over 24 categories and 15 years.  Same N and seed, same bytes.

    python3 bench/gen-articles.py 100000 > articles.jsonl
"""
import json
import random
import sys

WORDS = (
    "huyện xã thôn tỉnh ủy ban nhân dân hội đồng cán bộ đảng viên chi bộ phong trào thi đua dân vận "
    "khéo nông thôn mới kinh tế xã hội văn hóa giáo dục y tế an ninh quốc phòng đoàn thanh niên phụ nữ "
    "cựu chiến binh nông dân công nhân doanh nghiệp sản xuất kinh doanh hợp tác xã mô hình hiệu quả "
    "triển khai thực hiện kế hoạch nhiệm vụ giải pháp kết quả đạt được năm qua tiếp tục đẩy mạnh nâng cao "
    "chất lượng đời sống vật chất tinh thần nhân dân địa phương tuyên truyền vận động học tập làm theo "
    "tư tưởng đạo đức phong cách Hồ Chí Minh gương điển hình tiên tiến khen thưởng tập thể cá nhân "
    "xuất sắc đóng góp xây dựng đường giao thông trường học trạm y tế nhà văn hóa khu dân cư đoàn kết "
    "giúp đỡ hộ nghèo cận nghèo chính sách an sinh việc làm thu nhập bình quân đầu người tăng giảm "
    "tỷ lệ phần trăm so với cùng kỳ tháng quý hội nghị sơ kết tổng kết đánh giá rút kinh nghiệm "
    "lãnh đạo chỉ đạo tổ chức quán triệt nghị quyết chương trình hành động cải cách hành chính "
    "chuyển đổi số dịch vụ công trực tuyến bảo vệ môi trường vệ sinh an toàn thực phẩm phòng chống "
    "dịch bệnh thiên tai lũ lụt hạn hán cây trồng vật nuôi lúa nhãn vải chuối rau màu thủy sản"
).split()
PLACES = ["Yên Mỹ", "Tiên Lữ", "Kim Động", "Ân Thi", "Khoái Châu", "Văn Giang", "Văn Lâm",
          "Mỹ Hào", "Phù Cừ", "Hưng Yên", "Dị Chế", "Ngọc Thanh", "Phương Đường", "Cộng Hòa"]
ROOTS = ["Thời sự", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
         "Xây dựng Đảng", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh"]
SUBS = ["Tin tức", "Gương điển hình", "Bình luận", "Phóng sự"]
AUTHORS = ["Hữu Chất", "Minh Anh", "Thu Hà", "Quang Huy", "Lan Phương", "Đức Thắng", ""]


def sentence(r, lo=8, hi=22):
    words = [r.choice(WORDS) for _ in range(r.randint(lo, hi))]
    if r.random() < 0.4:
        words.insert(r.randrange(len(words)), r.choice(PLACES))
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def article(i, r, n):
    title = " ".join(r.choice(WORDS) for _ in range(r.randint(6, 14)))
    title = title[0].upper() + title[1:] + " " + r.choice(PLACES)
    paras = []
    for _ in range(r.randint(4, 9)):
        text = " ".join(sentence(r) for _ in range(r.randint(2, 6)))
        if r.random() < 0.2:
            text = "<strong>" + text + "</strong>"
        paras.append("<p>" + text + "</p>")
    year = 2011 + i * 15 // (n + 1)  # 15 years up to 2025 whatever n (the same bytes for 100000)
    month = 1 + r.randrange(12)
    day = 1 + r.randrange(28)
    return {
        "id": i,
        "title": title,
        "lead": sentence(r, 20, 40),
        "body_html": "\n".join(paras),
        "category": [ROOTS[i % len(ROOTS)], SUBS[(i // len(ROOTS)) % len(SUBS)]],
        "author": r.choice(AUTHORS),
        "published_at": "%04d-%02d-%02dT%02d:%02d:00+07:00" % (year, month, day,
                                                                r.randrange(24), r.randrange(60)),
        "status": "published",
        "views": r.randrange(5000),
    }


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261128
    r = random.Random(seed)
    out = sys.stdout
    for i in range(1, n + 1):
        out.write(json.dumps(article(i, r, n), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
