import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer, CountVectorizer
from sklearn.naive_bayes import MultinomialNB, ComplementNB, BernoulliNB
docs = ["Seoul condemned the pact as a threat",
        "Critics condemned the deal and the summit",
        "The union welcomed the deal warmly",
        "Leaders praised the pact and welcomed talks",
        "The summit took place on Wednesday",
        "Analysts said the pact may be symbolic",
        "Rights groups denounced the ruling",
        "Farmers backed the new trade deal"]
labels = ["condemnation","condemnation","support","support","analysis","analysis","condemnation","support"]
test = ["Seoul welcomed the summit", "the ruling was condemned"]
tp = r"(?u)\b\w+\b"
np.set_printoptions(precision=10, floatmode="maxprec")
def show(name, a): print(name, "=", "[" + ", ".join(repr(float(x)) for x in np.ravel(a)) + "]")
v = TfidfVectorizer(token_pattern=tp)
X = v.fit_transform(docs)
print("terms =", sorted(v.vocabulary_, key=v.vocabulary_.get))
show("idf", v.idf_)
show("row0", X[0].toarray())
v2 = TfidfVectorizer(token_pattern=tp, ngram_range=(1, 2), sublinear_tf=True, min_df=2)
X2 = v2.fit_transform(docs)
print("terms2 =", sorted(v2.vocabulary_, key=v2.vocabulary_.get))
show("idf2", v2.idf_)
show("row1_2", X2[1].toarray())
Xt = v.transform(test)
m = MultinomialNB(alpha=1.0).fit(X, labels)
print("classes =", list(m.classes_))
show("mnb_flp_row0", m.feature_log_prob_[0])
show("mnb_prior", m.class_log_prior_)
show("mnb_proba", m.predict_proba(Xt))
c = ComplementNB(alpha=0.5).fit(X, labels)
show("cnb_flp_row1", c.feature_log_prob_[1])
show("cnb_proba", c.predict_proba(Xt))
cn = ComplementNB(alpha=1.0, norm=True).fit(X, labels)
show("cnbn_proba", cn.predict_proba(Xt))
cv = CountVectorizer(token_pattern=tp, binary=True)
B = cv.fit_transform(docs)
b = BernoulliNB(alpha=1.0).fit(B, labels)
show("bnb_flp_row2", b.feature_log_prob_[2])
show("bnb_proba", b.predict_proba(cv.transform(test)))
mc = MultinomialNB(alpha=0.1, fit_prior=False).fit(CountVectorizer(token_pattern=tp).fit_transform(docs), labels)
show("mnbcounts_proba", mc.predict_proba(CountVectorizer(token_pattern=tp).fit(docs).transform(test)))
cv3 = CountVectorizer(token_pattern=tp, max_features=5, max_df=0.5)
cv3.fit(docs)
print("terms3 =", sorted(cv3.vocabulary_, key=cv3.vocabulary_.get))
