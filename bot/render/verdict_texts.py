"""Every sentence a verdict can contain, by the code the advisor's rules produce.

Reading guide: a rule in `bot/advisor/*.py` emits `Reason("code", answers)`;
the sentence shown for it is the entry with the same code here.
"""

from bot.i18n import N_

HEADLINES = {
    "go": N_("Go: social media is worth it for your business."),
    "not_ready": N_("Worth it, but you are not ready yet."),
    "partial": N_("Worth it only for part of your business."),
    "not_now": N_("Not worth it for you now."),
    "mandatory": N_("Mandatory: as an online seller you have no choice."),
}

REASONS = {
    # fit
    "online_seller": N_("You sell online: customers judge you by reviews, reputation and visible "
                        "expertise. Social media brings the traffic your shop lives on."),
    "village_older_clients": N_("Your clients are mostly over 50 and live in a village: few of them look "
                                "for local businesses on social networks. Word of mouth and a Google "
                                "profile reach them better."),
    "older_clients": N_("Your clients are mostly over 50: reach them on Facebook and Google rather "
                        "than on Instagram or TikTok."),
    "young_clients": N_("Your clients are mostly under 40: they are on social networks every day."),
    "mixed_ages": N_("Your clients are of all ages: most of them use at least one social network."),
    "local_regulars": N_("Local regulars come back often: becoming their online 'friend' keeps "
                         "them loyal and fills quiet hours."),
    "partners_know_you": N_("Your business customers already know your work, and a few partners are "
                            "won by personal contact, not by posts. Spend that time on them directly."),
    "buyers_on_business_networks": N_("Decision-makers of your business customers look for suppliers "
                                      "on LinkedIn or XING: a focused presence there can bring contacts."),
    "buyers_offline": N_("Your business customers find suppliers through fairs, recommendations or "
                         "tenders, not through social networks."),
    "scope_private_only": N_("Use it for your private customers only; for your business partners "
                             "it would cost time without bringing work."),
    "scope_older_clients": N_("Worth it only if you stay where customers over 50 are: Facebook and "
                              "your Google profile, not Instagram or TikTok."),
    "scope_business_networks": N_("Use only a business network (LinkedIn or XING) to reach "
                                  "decision-makers; leave the consumer networks aside."),
    "fix_readiness_first": N_("First fix what the tests below found, or the hours you spend will be lost."),
    "no_time_at_all": N_("You have no hours to give to it: better not to start than to start on a "
                         "sure path to failure. Spend your time on what already pays."),
    # starting point
    "meta_products": N_("Your customers cannot buy from you online, so offer something online that "
                        "leads them to you: useful tips, news, a look behind the scenes."),
    "booking_link": N_("Customers can book online: put your booking link in every post."),
    "no_website": N_("You have no website: set up at least a free Google profile so people who "
                     "find you on social media can reach you."),
    "busy_without_results": N_("You already spend {hours} on social networks: with a plan and fewer "
                               "networks, the same time can bring more."),
    "not_listening": N_("You do not follow what customers say online: start by reading and answering "
                        "reviews and comments."),
    # test 1: a clear goal
    "goal_unclear": N_("You do not know yet what social media should bring. Decide on one goal: "
                       "more enquiries, more bookings, or customers who come back."),
    "no_target": N_("You have no target. Set one you can count, e.g. '10 enquiries a month'."),
    "rough_target": N_("Your target is rough. Put a number and a date on it."),
    "no_customer_value": N_("Work out what a new customer is worth to you: it tells you how much you "
                            "can afford to spend."),
    # test 2: long-term investment
    "expects_quick_results": N_("Results take six to nine months, not a few weeks. Judge the effort "
                                "only after that."),
    "horizon_short": N_("Three months is short: plan for six to nine months before you judge."),
    "revenue_gap": N_("Social media will not fill a revenue gap in the coming weeks. Close that gap "
                      "first with your existing customers and direct offers."),
    "cannot_keep_up": N_("If you cannot keep it up for a year, do not start: an abandoned page "
                         "harms your image."),
    "stamina_unsure": N_("You are not sure you can keep it up: plan a fixed weekly slot and protect it."),
    # test 3: respect the complexity
    "nobody_to_do_it": N_("Nobody is there to do the work. Name the person, or buy outside help."),
    "no_time": N_("No hours are planned for it. Even a small start needs one to two hours a week."),
    "untrained_apprentice": N_("An untrained apprentice or intern is not enough: train them, or buy "
                               "outside help, which costs about a third of employing a social-media "
                               "manager."),
    "no_skills": N_("Nobody has experience with social media for a business: plan a training course "
                    "or outside help."),
    "private_skills_only": N_("Private use is a start, but business use needs more: a short training "
                              "course pays off."),
    "too_little_time": N_("{hours} is not enough for that rhythm ({needed} needed): post less often, "
                          "or plan more time."),
    "criticism_delete": N_("Deleting criticism makes it worse. Answer calmly in public and offer to "
                           "sort it out."),
    "criticism_unsure": N_("Prepare how you will answer public criticism: calmly, in public, with an "
                           "offer to sort it out."),
    "criticism_private": N_("Answer criticism in public too, so that others see you handled it."),
    "no_staff_policy": N_("Agree on simple rules for what your team posts about the business."),
}

TESTS = {
    "goal": N_("A clear goal"),
    "horizon": N_("A long-term investment"),
    "effort": N_("Time, tools and skills"),
}
OUTCOMES = {
    "passed": N_("passed"),
    "partial": N_("partly passed"),
    "failed": N_("not passed"),
}
FIT_LEVELS = {
    "strong": N_("good fit"),
    "partial": N_("partial fit"),
    "weak": N_("weak fit"),
    "mandatory": N_("essential"),
}

OBJECTIVES = {
    "grow": N_("win more customers of the kind you have"),
    "new_group": N_("reach a new group of customers"),
    "capacity": N_("fill your days more evenly"),
    "specialist": N_("become known as the specialist and charge accordingly"),
    "recruit": N_("find staff or apprentices"),
    "keep": N_("keep your customers"),
}
GOALS = {
    "awareness": N_("make you known"),
    "contacts": N_("bring enquiries"),
    "sales": N_("bring sales and bookings"),
    "loyalty": N_("bring customers back"),
    "unsure": N_("first make you visible, until you set a goal"),
}

IDEAS = {
    "hot_counter_menu": N_("Post today's hot dish at 10:30, before the lunch break."),
    "fan_ideas": N_("Ask your followers which new product to try next."),
    "answer_everyone": N_("Answer every comment and message on the same day."),
    "care_tips": N_("Share a care tip between two visits."),
    "short_notice_slots": N_("Post free appointments at short notice."),
    "life_events": N_("Follow customers' life events (moving in, a baby, a wedding) and suggest "
                      "a matching idea, such as a nursery in new colours."),
    "seasonal_tips": N_("Give seasonal tips: what to check before winter or summer."),
    "referrals": N_("Ask happy customers for a review or a recommendation."),
    "customer_questions": N_("Answer a question customers often ask, in public."),
    "happy_hour": N_("Announce a happy hour for your quiet hours."),
    "on_time_proof": N_("Show that you keep your dates: today's sites, work in progress."),
    "party_service": N_("Show party platters before weekends and holidays."),
    "new_arrivals": N_("Show new products the day they arrive."),
    "answer_reviews": N_("Answer every review, good or bad, in public."),
    "before_after": N_("Show before-and-after photos of your work (with the customer's consent)."),
    "trend_poll": N_("Let clients vote on the trends they want to see."),
    "expert_video": N_("Explain a technique or material in a one-minute video."),
    "back_in_stock": N_("Announce when popular items are back in stock."),
    "behind_the_parcel": N_("Show how an order is packed and leaves the same day."),
    "follower_offer": N_("Offer followers a small advantage now and then."),
    "local_life": N_("Take part in local events and show it."),
}
FACTORS = {
    "regulars": N_("Loyal regular customers"),
    "capacity": N_("Evenly filled days"),
    "speed": N_("Quick appointments and punctuality"),
    "daily_offer": N_("Fresh daily offers"),
    "reputation": N_("Reputation and trust"),
    "expertise": N_("Expertise and advice"),
    "quality": N_("Quality of the work"),
    "trends": N_("New products and trends"),
    "range": N_("Choice and availability"),
    "delivery": N_("Fast delivery"),
    "price": N_("Price"),
    "proximity": N_("Being close by"),
}
NETWORKS = {
    "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "linkedin": "LinkedIn",
    "xing": "XING", "youtube": "YouTube", "pinterest": "Pinterest", "x": "X",
    "google_business": N_("Google profile"), "whatsapp": "WhatsApp",
}
NETWORK_REASONS = {
    "online_reach": N_("where buyers of online shops discover products"),
    "customers_young": N_("where customers under 40 are every day"),
    "customers_older": N_("where customers over 50 are most often"),
    "customers_mixed": N_("used by customers of all ages"),
    "local_search": N_("where local customers look for you and read reviews"),
    "buyers_there": N_("where your business buyers look for suppliers"),
    "your_customers_there": N_("you said your customers are there"),
    "no_business_buyers": N_("your customers are private people, not business buyers"),
    "focus": N_("better to do two networks well than many badly"),
    "customers_elsewhere": N_("your customers are elsewhere"),
}
CONTENTS = {
    "offers": N_("Today's offer"),
    "slots": N_("Free slots"),
    "work": N_("Finished work"),
    "tips": N_("A useful tip"),
    "team": N_("The team, behind the scenes"),
    "news": N_("News and new products"),
    "reviews": N_("A customer's review or story"),
    "replies": N_("Answer comments and messages"),
}
# The weekend needs no time of day: the day name already says it.
SLOTS = {
    "morning": N_("early morning"),
    "midday": N_("around midday"),
    "evening": N_("in the evening"),
    "weekend": "",
}
KPIS = {
    "followers": N_("New followers"),
    "reach": N_("People reached"),
    "engagement": N_("Comments, shares and likes"),
    "messages": N_("Messages and questions"),
    "enquiries": N_("Enquiries"),
    "bookings": N_("Bookings"),
    "revenue": N_("Revenue from social media"),
    "reviews": N_("New reviews"),
    "returning": N_("Share of returning customers"),
}
PERIODS = {
    "month": N_("{target} a month"),
    "week": N_("{target} a week"),
    "post": N_("{target} per post"),
    "half_year": N_("+{target} percentage points in six months"),
}
CHECKINS = {
    "weekly": N_("every week"),
    "biweekly": N_("every two weeks"),
    "monthly": N_("every month"),
    "no": N_("no check-ins (you can ask for them later)"),
}

INSTEAD = {
    "not_now": N_("What to do instead: keep your Google profile up to date, ask happy customers for a "
                  "review, and look again in a year or when your customers change."),
}
