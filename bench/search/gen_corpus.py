#!/usr/bin/env python3
"""Synthetic Vietnamese news corpus for the search benchmark, as `gazette import` JSON Lines.

Deterministic from --seed: the same seed and count give the same bytes. Articles have realistic
sizes (title 8-18 syllables, a lead of 20-45, a body of 5-12 paragraphs, about 450-900 syllables in
all) drawn from a Zipf-weighted vocabulary of common Vietnamese syllables and multi-syllable words,
with rare proper names sprinkled in, over a two-level category tree, published one per ~5 minutes
going forward from 2015 (so a higher id is newer).

    python3 bench/search/gen_corpus.py --count 1000000 --seed 1 > corpus.jsonl
"""
import argparse
import json
import random
import sys

WORDS = """
của và các có là được cho trong với những này một người không đã đến về năm tại
để từ khi theo cũng như công tác huyện tỉnh xã dân Đảng bộ chính quyền nhân dân
phát triển kinh tế xã hội văn hóa giáo dục y tế an ninh quốc phòng nông nghiệp
nông thôn mới chương trình kế hoạch thực hiện triển khai tổ chức hội nghị tổng kết
đánh giá kết quả nhiệm vụ giải pháp cán bộ đảng viên chi bộ Mặt trận Tổ quốc đoàn
thanh niên phụ nữ cựu chiến binh nông dân công đoàn học tập làm theo tư tưởng đạo
đức phong cách Hồ Chí Minh dân vận khéo gương điển hình tiên tiến thi đua khen
thưởng đang đầu tư xây dựng cơ sở hạ tầng đường giao thông trường học trạm y tế
doanh nghiệp sản xuất kinh doanh hợp tác xã thu nhập bình quân đầu người hộ nghèo
giảm nghèo bền vững môi trường nước sạch vệ sinh an toàn thực phẩm dịch bệnh phòng
chống Covid tiêm chủng vắc xin học sinh sinh viên giáo viên năm học mới khai giảng
lễ hội truyền thống di tích lịch sử du lịch ẩm thực làng nghề mùa màng lúa gạo
chăn nuôi thủy sản cây trồng thời tiết mưa bão lũ lụt hạn hán khắc phục hậu quả
hỗ trợ kịp thời đồng bào vùng sâu vùng xa biên giới hải đảo chủ quyền pháp luật
tuyên truyền phổ biến giáo dục pháp luật cải cách hành chính dịch vụ công trực tuyến
chuyển đổi số chính quyền điện tử ứng dụng công nghệ thông tin người dân doanh nghiệp
hài lòng chất lượng hiệu quả tiết kiệm chống lãng phí tham nhũng tiêu cực kiểm tra
giám sát thanh tra khiếu nại tố cáo tiếp công dân đại biểu Hội đồng nhân dân Ủy ban
nhân dân Chủ tịch Phó Chủ tịch Bí thư Phó Bí thư Thường trực đồng chí phát biểu chỉ
đạo yêu cầu đề nghị các cấp các ngành địa phương đơn vị cơ quan tập trung quyết liệt
đồng bộ hoàn thành vượt mức chỉ tiêu đề ra trong thời gian tới tiếp tục nâng cao
tăng cường đẩy mạnh chú trọng quan tâm sâu sát thường xuyên hàng năm quý tháng tuần
ngày sáng chiều tối hôm nay vừa qua sắp tới dẫn đầu đi trước về đích bảo đảm đúng
tiến độ quy định hướng dẫn văn bản nghị quyết chỉ thị quyết định thông báo kế hoạch
""".split()

COMPOUNDS = [
    "nông thôn mới", "dân vận khéo", "chuyển đổi số", "cải cách hành chính", "an sinh xã hội",
    "xây dựng Đảng", "hệ thống chính trị", "kinh tế tập thể", "đô thị văn minh", "giảm nghèo",
    "bảo hiểm xã hội", "bảo hiểm y tế", "quốc phòng toàn dân", "an ninh trật tự", "biến đổi khí hậu",
    "phòng chống thiên tai", "khởi nghiệp sáng tạo", "thương mại điện tử", "nước sạch nông thôn",
]

NAMES = [
    "Yên Mỹ", "Văn Lâm", "Mỹ Hào", "Khoái Châu", "Ân Thi", "Kim Động", "Tiên Lữ", "Phù Cừ",
    "Văn Giang", "Hưng Yên", "Phố Hiến", "Nghĩa Trụ", "Lạc Hồng", "Nguyễn Văn Linh", "Tô Hiệu",
]
RARE = ["Xuân Quan", "Đình Dù", "Chử Đồng Tử", "Hoàng Hanh", "Bát Tràng", "Thiên Hậu",
        "Đa Hòa", "Tống Trân", "Bảo Khê", "Hiến Nam"]

CATEGORIES = {
    "Tin tức": ["Chính trị", "Kinh tế", "Xã hội", "Quốc phòng - An ninh"],
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh": ["Gương điển hình", "Tin hoạt động"],
    "Văn hóa - Du lịch": ["Di tích", "Lễ hội", "Ẩm thực"],
    "Giáo dục": ["Tin giáo dục", "Tuyển sinh"],
    "Y tế": ["Phòng chống dịch", "Sức khỏe"],
    "Nông nghiệp": ["Nông thôn mới", "Khuyến nông"],
    "Pháp luật": ["Phổ biến pháp luật", "Cải cách hành chính"],
}


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)
        # Zipf-like weights: the i-th word of the list (function words first) has 1/(i+1)^0.9.
        vocab = list(dict.fromkeys(WORDS))
        self.vocab = vocab
        weights = [1.0 / (i + 1) ** 0.9 for i in range(len(vocab))]
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.cats = [(root, child) for root, kids in CATEGORIES.items() for child in kids]

    def word(self):
        r = self.r.random()
        if r < 0.06:
            return self.r.choice(COMPOUNDS)
        if r < 0.08:
            return self.r.choice(NAMES)
        if r < 0.0803:
            return self.r.choice(RARE)
        x = self.r.random() * self.cum[-1]
        lo, hi = 0, len(self.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return self.vocab[lo]

    def sentence(self, lo, hi):
        n = self.r.randint(lo, hi)
        words = []
        count = 0
        while count < n:
            w = self.word()
            words.append(w)
            count += w.count(" ") + 1
        s = " ".join(words)
        return s[0].upper() + s[1:]

    def article(self, i):
        self.r.seed(self.seed * 1000003 + i)  # each article from (seed, id): chunks agree
        title = self.sentence(8, 18)
        lead = self.sentence(20, 45) + "."
        paras = []
        for _ in range(self.r.randint(5, 12)):
            sents = [self.sentence(10, 24) + "." for _ in range(self.r.randint(2, 5))]
            paras.append("<p>" + " ".join(sents) + "</p>")
        root, child = self.cats[self.r.randrange(len(self.cats))]
        t = 1420070400 + i * 300  # 2015-01-01 + 5 minutes per article
        return {
            "id": i,
            "title": title,
            "lead": lead,
            "body_html": "".join(paras),
            "category": [root, child],
            "author": self.r.choice(["Hữu Chất", "Minh Anh", "Thu Hà", "Văn Nam"]),
            "published_at": "%s+00:00" % _iso(t),
        }


def _iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=1, help="first id")
    args = ap.parse_args()
    g = Gen(args.seed)
    out = sys.stdout
    for i in range(args.start, args.start + args.count):
        out.write(json.dumps(g.article(i), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
