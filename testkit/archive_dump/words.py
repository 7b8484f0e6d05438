"""Phrases that sentences are built from, by mood, so VADER finds every label."""

# fmt: off
POSITIVE = (
    "this is awesome", "great work on this", "I love how clean it looks now",
    "best thing I have seen all week", "thanks, this helped a lot", "that is a brilliant idea",
    "so happy for you", "really nice write-up", "this made my day, thank you",
    "what a fantastic result",
    "I am impressed, honestly", "the support team was super helpful", "love this community",
    "beautiful shot", "excellent point, well argued", "congrats, you earned it",
    "that is genuinely good news", "I enjoy every episode", "wonderful, thank you for sharing",
    "the new update is amazing", "solid advice, I love it", "it works perfectly for me",
    "my kids absolutely love it", "such a fun read", "that is hilarious",
    "glad it worked out", "the performance gains are incredible", "very cool project",
)
NEGATIVE = (
    "this is terrible", "I hate this update so much", "worst customer service ever",
    "what a disaster", "that is a stupid take", "this sucks", "absolutely awful experience",
    "I am so frustrated with this", "the app keeps crashing and it is infuriating",
    "this is a scam", "horrible decision by management", "I feel sick about it",
    "the quality is really bad", "they ruined the game", "such a waste of money",
    "pathetic excuse for a product", "this is depressing", "nobody wants this awful garbage",
    "the fees are ridiculous", "I regret buying it", "the ending was a sad letdown",
    "that is a terrible idea", "the market crash hurt a lot", "they lied to us again",
    "this is broken and ugly", "the worst part is the lag", "I am angry and disappointed",
)
NEUTRAL = (
    "the meeting is on Tuesday", "I bought it in 2019", "it runs on Linux",
    "the store closes at 9", "you can find it in the settings menu",
    "they moved to Berlin last year", "the train leaves at 7:45", "my cousin has the same model",
    "the report comes out on Thursday", "it weighs about 2 kg", "the box is on the shelf",
    "we switched to the other plan", "the file is in the downloads folder",
    "he drove to the station", "the price is listed in euros", "it uses a USB-C cable",
    "the form asks for a postcode", "the next release is version 4.1",
    "the office is on the third floor", "she works at the bank downtown",
    "the game has 12 levels", "the numbers are in the spreadsheet",
    "the bus goes past the school", "it was filmed in Canada",
)
OPENERS = (
    "So", "Tbh", "Right so", "Update:", "Fwiw", "Imo", "Quick question:", "Hmm,", "PSA:",
    "Edit:", "Also", "Anyway,", "For context,", "Side note:", "Reminder:",
)
TAILS = (
    "in my experience", "at least where I live", "after the last update", "since version 3.2",
    "around 5:30 in the morning", "in São Paulo", "at the café downstairs",
    "on my 2015 MacBook", "with about $300 left", "for 2 years now", "here in Zürich",
    "according to the 10-K", "at a 3.5% rate", "during the Q3 earnings call",
    "with the naïve approach", "before the 2024 election", "on jalapeño pizza night",
    "per the FAQ", "back in 2011", "with 16 GB of RAM", "at the Köln office",
    "after roughly 1,200 miles", "on the 1080p monitor", "in the r/ sidebar", "as of this morning",
    "with my señora", "at 45°C", "for ~20 minutes", "on iOS 17", "in the résumé section",
)
ENDINGS = {
    "positive": (".", "!", "!!", " 😊", " 👍", " 🙌", " ❤️", "."),
    "negative": (".", "!", "...", " 😡", " 🙄", " 👎", "."),
    "neutral": (".", "?", ".", ".", " 🤷", "."),
}
SHORT = {
    "positive": (
        "Awesome", "Thanks!", "Love it!", "Great point", "So good", "This is great",
        "Well said!", "Nice 👍", "Congrats!", "Amazing", "Best answer", "Beautiful",
    ),
    "negative": (
        "Ridiculous", "Gross", "Terrible take", "Hate this", "Awful.", "This sucks",
        "Ugh, no.", "Worst idea", "So bad", "Pathetic", "Awful garbage", "Disgusting",
    ),
    "neutral": (
        "This.", "Source?", "Same.", "Following", "Which model?", "RemindMe! 2 days",
        "Hm", "Bump", "Why?", "What version?", "Username checks out", "Where?",
    ),
}
LINK_TEXTS = ("source", "this article", "the docs", "here", "video", "the paper", "full thread")
URLS = (
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://en.wikipedia.org/wiki/Zürich",
    "https://github.com/python/cpython/issues/{n}", "https://i.imgur.com/{w}{n}.jpg",
    "https://www.reuters.com/markets/{w}-{w2}-{n}/", "https://arxiv.org/abs/2401.{n}",
    "https://www.bbc.co.uk/news/{w}-{n}", "https://old.reddit.com/r/{w}/comments/{n}/",
    "https://docs.python.org/3/library/{w}.html", "https://x.com/{w}/status/{n}",
    "https://medium.com/@{w}/{w2}-{w}-{n}", "https://www.amazon.de/dp/B0{n}",
)
URL_WORDS = ("markets", "tech", "stocks", "news", "cats", "python", "science", "gaming", "rates")
# fmt: on
