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
# A business that sells only to firms: the part it is worth it for is a kind of network, not of customers.
HEADLINE_BUSINESS_NETWORKS = N_("Worth it only on business networks.")
# The headline in a word or two, where two verdicts stand side by side ("Go → Yes, but not yet").
HEADLINE_WORDS = {
    "go": N_("Go"),
    "not_ready": N_("Yes, but not yet"),
    "partial": N_("Only for part"),
    "not_now": N_("Not now"),
    "mandatory": N_("Mandatory"),
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
    "buyers_unknown": N_("You do not know where your business customers look for suppliers: ask a few of "
                         "them before you spend time on a business network."),
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
    "meta_enquiries": N_("Your customers cannot buy from you online, so offer something online that makes "
                         "people ask you for a quote: useful tips, news, a look behind the scenes."),
    "booking_link": N_("Customers can book online: put your booking link in every post."),
    "no_website": N_("You have no website: set up at least a free Google profile, so that people "
                     "who look for you can find and reach you."),
    "busy_without_results": N_("You spend {hours} on social networks today, and it brings no enquiries. Change "
                               "that first: count what each post brings, read and answer what customers say, "
                               "and post what is useful to them, not only news about yourself. The plan counts "
                               "at most half those hours, on the one network that can work."),
    "busy_unmeasured": N_("You spend {hours} on social networks today and do not know what it brings. Change "
                          "that first: count what each post brings, read and answer what customers say, and "
                          "post what is useful to them, not only news about yourself. The plan counts at "
                          "most half those hours, on the one network that can work."),
    "busy_likes_only": N_("You spend {hours} on social networks today, and it brings likes but no sales or "
                          "enquiries. Change that first: count what each post brings, read and answer what customers "
                          "say, and post what is useful to them, not only news about yourself. The plan counts at "
                          "most half those hours, on the one network that can work."),
    "busy_stop": N_("You spend {hours} on social networks today, and it brings no enquiries: stop, and "
                    "put those hours into what already pays."),
    "busy_likes_stop": N_("You spend {hours} on social networks today, and it brings likes but no sales or "
                          "enquiries: stop, and put those hours into what already pays."),
    "busy_unmeasured_stop": N_("You spend {hours} on social networks today and do not know what it brings: "
                               "for a month, count the enquiries it brings; if there are none, stop and put "
                               "those hours into what already pays."),
    # worth it, not ready yet: what decided it
    "tests_not_passed": N_("Not passed yet: {tests}. Fix the points below first; your plan waits until then."),
    "points_before_start": N_("Only partly passed: {tests}. Some of the points still open are not small: fix "
                              "them before you spend time or money."),
    "too_many_open_points": N_("{count} small points of the tests are still open: too many to fix along the way."),
    "busy_open_points": N_("You already spend hours without results: as long as a test is not fully passed, "
                           "more hours would be lost the same way."),
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
    # what to do instead of social media (not worth it now), by the owner's objective
    "instead_grow": N_("More customers like the ones you have: ask happy customers to recommend you, "
                       "and give them a card to pass on."),
    "instead_new_group": N_("A new group of customers: go where they already are (local events, clubs, "
                            "the local paper), and ask firms that serve them to recommend you."),
    "instead_capacity": N_("Fewer quiet hours: tell your regulars, in person or with a sign at the till, "
                           "when it is quiet, and offer something for those hours."),
    "instead_specialist": N_("Known as the specialist: ask customers for reviews that say what you did, "
                             "and show your best work on your website or Google profile."),
    "instead_recruit": N_("Staff or apprentices: tell your customers and your team that you are hiring, "
                          "and go to the schools and the employment agency near you."),
    "instead_keep": N_("Keeping your customers: stay in personal contact, call after a job or a visit, "
                       "and deal with any complaint at once."),
    "instead_partners": N_("Your business partners: spend the time with them directly, with a visit, a "
                           "call, a quote on time."),
}

TESTS = {
    "goal": N_("A clear goal"),
    "horizon": N_("A long-term investment"),
    "effort": N_("Time, tools and skills"),
}
# Each name as it sits inside a sentence's list ("Not passed yet: a clear goal and the means…"):
# lower case where the language wants it, and no "and" of its own to blur the list.
TESTS_LISTED = {
    "goal": N_("a clear goal"),
    "horizon": N_("a long-term investment"),
    "effort": N_("the means (time, tools, skills)"),
}
OUTCOMES = {
    "passed": N_("passed"),
    "partial": N_("partly passed"),
    "failed": N_("not passed"),
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
    "hot_counter_menu": N_("Post today's hot dish before the lunch break."),
    "next_day_menu": N_("In the evening, post tomorrow's hot dish."),
    "week_menu": N_("At the weekend, post next week's lunch menu."),
    "next_day_slots": N_("In the evening, post tomorrow's free appointments."),
    "next_week_slots": N_("At the weekend, post the free appointments of the coming week."),
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
# The same words as the options of the question `success_factors`: one name per factor on every screen.
FACTORS = {
    "regulars": N_("Loyal regular customers"),
    "capacity": N_("Well-filled days"),
    "speed": N_("Quick appointments"),
    "daily_offer": N_("Fresh daily offers"),
    "reputation": N_("A good reputation"),
    "expertise": N_("Expert advice"),
    "quality": N_("Quality of the work"),
    "trends": N_("The latest trends"),
    "range": N_("A wide range in stock"),
    "delivery": N_("Fast delivery"),
    "price": N_("Price"),
    "proximity": N_("Being close by"),
}
FACTORS_LISTED = {
    "regulars": N_("loyal regular customers"),
    "capacity": N_("well-filled days"),
    "speed": N_("quick appointments"),
    "daily_offer": N_("fresh daily offers"),
    "reputation": N_("a good reputation"),
    "expertise": N_("expert advice"),
    "quality": N_("quality of the work"),
    "trends": N_("the latest trends"),
    "range": N_("a wide range in stock"),
    "delivery": N_("fast delivery"),
    "price": N_("price"),
    "proximity": N_("being close by"),
}
NETWORKS = {
    "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "linkedin": "LinkedIn",
    "xing": "XING", "youtube": "YouTube", "pinterest": "Pinterest", "x": "X",
    "google_business": N_("Google profile"), "whatsapp": "WhatsApp",
}
# Where one posts, as a sentence says it: each language has its own phrase for the Google profile.
ON_NETWORK = N_("on {network}")
ON_GOOGLE_PROFILE = N_("on your Google profile")
# What each network does well: with the owner's own reason, no two networks read the same.
NETWORK_STRENGTHS = {
    "facebook": N_("local groups and events, used by all ages"),
    "instagram": N_("photos and short videos of your work"),
    "tiktok": N_("short videos that reach people who do not know you yet"),
    "linkedin": N_("where decision-makers of firms read and compare"),
    "xing": N_("decision-makers of firms in German-speaking countries"),
    "youtube": N_("how-to videos that people look up before they buy"),
    "pinterest": N_("ideas that people collect and come back to"),
    "google_business": N_("opening hours, photos and reviews, where people nearby search"),
    "x": N_("news and quick exchanges"),
    "whatsapp": N_("direct messages with customers who know you"),
}
# Why a network is in the plan (from the owner's answers), or left aside.
NETWORK_REASONS = {
    "online_reach": N_("you sell online"),
    "customers_young": N_("your customers are mostly under 40"),
    "customers_older": N_("your customers are mostly over 50"),
    "customers_mixed": N_("your customers are of all ages"),
    "local_search": N_("your customers are local"),
    "buyers_there": N_("you said business buyers look there"),
    "your_customers_there": N_("you said your customers are there"),
    "no_business_buyers": N_("your customers are private people, not business buyers"),
    "focus": N_("better one or two networks done well than many done badly"),
    "customers_elsewhere": N_("few customers over 50 are there"),
    "buyers_not_there": N_("your business customers do not look for suppliers there"),
    "brought_nothing": N_("you are there already, with no result you can see"),
    "not_measured": N_("you are there already, and do not know yet what it brings"),
    "only_likes": N_("you are there already: likes, but no sales or enquiries"),
    "one_network_first": N_("first focus on one network, the one where your customers are"),
}
# The Google profile left out of the plan for focus is still where people nearby find you: not to be dropped.
GOOGLE_PROFILE_KEPT = N_("keep it up to date, without posting there")
# What a slot of the week does, as an action: its network's place goes before or after it, as the language wants.
CONTENTS = {
    "offers": N_("post today's offer"),
    "slots": N_("post your free slots"),
    "work": N_("show finished work"),
    "tips": N_("share a useful tip"),
    "team": N_("show the team behind the scenes"),
    "news": N_("post news and new products"),
    "reviews": N_("share a customer's review or story"),
    "replies": N_("answer comments and messages"),
}
# The weekend needs no time of day: the day name already says it.
SLOTS = {
    "morning": N_("early morning"),
    "midday": N_("around midday"),
    "evening": N_("in the evening"),
    "weekend": "",
}
# The same words as the options of the question `kpis`.
KPIS = {
    "followers": N_("New followers"),
    "reach": N_("People reached"),
    "engagement": N_("Reactions to posts"),
    "messages": N_("Messages received"),
    "enquiries": N_("Enquiries"),
    "bookings": N_("Bookings"),
    "revenue": N_("Revenue from social media"),
    "reviews": N_("New reviews"),
    "returning": N_("Share of returning customers"),
}
KPIS_LISTED = {
    "followers": N_("new followers"),
    "reach": N_("people reached"),
    "engagement": N_("reactions to posts"),
    "messages": N_("messages received"),
    "enquiries": N_("enquiries"),
    "bookings": N_("bookings"),
    "revenue": N_("revenue from social media"),
    "reviews": N_("new reviews"),
    "returning": N_("the share of returning customers"),
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

# What could turn a "not worth it now" into a yes, by the reason that decided it.
AGAIN_WHEN = {
    "again_younger_clients": N_("more of your clients are under 50, or you open in a town"),
    "again_new_business_customers": N_("you need to win many new business customers"),
    "again_buyers_online": N_("your business customers start looking for suppliers on LinkedIn or XING"),
    "again_buyers_known": N_("you find out that your business customers look for suppliers on LinkedIn or XING"),
    "again_time": N_("you can set aside one to two hours a week"),
}
