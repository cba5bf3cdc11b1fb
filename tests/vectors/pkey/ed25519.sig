œB	c'ÚcôyRkG}„}ð¾—|OT¢EÆ,	E§ŠNêQ +²,oK4Ê³.·¼'êjWæúmÒ
É