/* The Vietnamese letters and punctuation of PostgreSQL's search functions (gz_fold, gz_lower,
 * gz_words in search.c), shared with the client-side twin in words.c. Position i of VI_MARKED
 * folds to position i of VI_FOLDED, and position i of VI_UPPER lowers to position i of VI_LOWER. */
#ifndef GZ_STORE_PG_VI_LETTERS_H
#define GZ_STORE_PG_VI_LETTERS_H

#define VI_MARKED                                                                                                                                                                                                                                     \
	"àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼ" \
	"ẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
#define VI_FOLDED                                                                                  \
	"aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeee" \
	"eeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
#define VI_UPPER "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
#define VI_LOWER "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
/* Punctuation that separates words besides ASCII's (PostgreSQL's parser would glue it on). */
#define VI_PUNCT "“”‘’–—…«»·•\u00a0"
#define VI_SPACES "            "

#endif
