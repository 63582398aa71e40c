"""Domain concepts: words and phrases that mean the same thing to a retailer's customer
("montreal" and "alberta" are Canada, "tuesday" is a weekday, "snapped" is damage, "send
back" is a return, "money back" a refund). Each word or phrase of a concept adds the
concept's token to the text, so a question and an entry that name the same concept in
different words meet in the lexical index.

Members are written as a customer would write them; they are matched on lemmas without
stop words (see text_normalizer), so "sent it back" matches "send back"."""

from __future__ import annotations

from functools import lru_cache

_US_STATES = (
    "alabama,alaska,arizona,arkansas,california,colorado,connecticut,delaware,florida,"
    "georgia,hawaii,idaho,illinois,indiana,iowa,kansas,kentucky,louisiana,maine,maryland,"
    "massachusetts,michigan,minnesota,mississippi,missouri,montana,nebraska,nevada,"
    "new hampshire,new jersey,new mexico,new york,north carolina,north dakota,ohio,"
    "oklahoma,oregon,pennsylvania,rhode island,south carolina,south dakota,tennessee,texas,"
    "utah,vermont,virginia,washington,west virginia,wisconsin,wyoming,nyc,los angeles,"
    "chicago,houston,phoenix,philadelphia,san antonio,san diego,dallas,austin,seattle,"
    "denver,boston,portland,atlanta,miami,detroit,minneapolis,san francisco,las vegas")

CONCEPTS: dict[str, tuple[str, ...]] = {name: tuple(m.strip() for m in members.split(","))
                                        for name, members in {
    # places
    "canada": "canada,canadian,vancouver,toronto,montreal,calgary,ottawa,edmonton,winnipeg,"
              "quebec,ontario,alberta,manitoba,saskatchewan,halifax,victoria,bc,yukon,"
              "nunavut,newfoundland,labrador,nova scotia,new brunswick,prince edward island",
    "abroad": "international,internationally,abroad,overseas,worldwide,europe,european,eu,"
              "germany,france,uk,united kingdom,england,britain,scotland,wales,ireland,spain,"
              "italy,netherlands,belgium,austria,portugal,greece,finland,australia,"
              "melbourne,sydney,new zealand,japan,mexico,brazil,india,china,switzerland,"
              "sweden,norway,denmark,poland,singapore,korea,hong kong,customs,import",
    "domestic": "usa,united states,america,states,domestic,contiguous,"
                "continental,lower 48,stateside,nationwide," + _US_STATES,
    # time
    "weekday": "weekday,weekdays,monday,tuesday,wednesday,thursday,friday,saturday,"
               "business day,weeknight",
    "weekend": "weekend,saturday,sunday",
    "holiday": "holiday,public holiday,bank holiday,christmas,thanksgiving,easter,"
               "new year,new years,eve,independence day,fourth of july,4th of july,july 4th,"
               "memorial day,labor day,presidents day,veterans day,columbus day,mlk,"
               "juneteenth,black friday,boxing day,december",
    "open": "open,opening,shut,hours,opening hours",
    "fast": "express,overnight,next day,expedite,expedited,rush,fast,faster,fastest,quick,"
            "quicker,quickly,asap,urgent,urgently,tomorrow,priority,speedy",
    # contact
    "phone": "phone,telephone,call,hotline,helpline,ring,phone line,toll free,800 number",
    "chat": "chat,live chat,chatbot,livechat,webchat,messenger,messaging",
    "record": "record,recorded,recording,tape,taped,taping,monitor,monitored",
    # shipping
    "ship": "ship,shipping,delivery,deliver,postage,courier,dispatch",
    "standard": "standard,regular,normal,ground,economy,usual,basic",
    "freeship": "free shipping,free delivery,ship free,shipping free,delivery free,"
                "free postage,minimum,threshold",
    "parcel": "parcel,package,pkg,shipment",
    "pobox": "po box,p o box,pobox,po,apo,fpo,dpo,military,post office,post office box,"
             "mailbox",
    "lost": "lost,lose,stolen,steal,stuck,never arrive,never arrived,never come,never came,"
            "never show,not arrive,not arrived,not show,disappear,disappeared,vanish,"
            "misplace,misplaced,not update,no update,in transit",
    # orders
    "cancel": "cancel,cancellation,cancelled,canceled,abort,call off,stop order",
    "change": "change,edit,modify,amend,alter",
    "add": "add,include,combine,merge,add on,throw in",
    "missing": "missing,incomplete,partial,absent,left out,not inside",
    "damage": "damage,damaged,broken,break,crack,cracked,snap,snapped,smash,smashed,"
              "shatter,shattered,dent,dented,bent,torn,tear,crush,crushed,rip,ripped,hole,"
              "scratch,scratched,puncture,punctured",
    "gift": "gift,present,birthday,anniversary,wrap,wrapping,wrapped,gift wrap,giftwrap,"
            "wrapping paper,ribbon",
    "confirm": "confirmation,confirm,confirmed,confirming",
    # payments
    "card": "card,visa,mastercard,amex,american express,discover,debit,credit card,"
            "debit card,gift card",
    "paypal": "paypal,pay pal",
    "later": "klarna,afterpay,affirm,sezzle,installment,installments,instalment,"
             "instalments,payment plan,pay later,finance,financing,monthly payments,"
             "pay over time,over time",
    "decline": "decline,declined,refuse,refused,reject,rejected,fail,failed,failing,deny,"
               "denied,bounce,bounced,error,not go through",
    "business": "business,company,corporate,corporation,school,club,team,organization,"
                "organisation,nonprofit,non profit,charity,troop,church,employer,invoice,"
                "invoiced,invoicing,net 30,purchase order,tax exempt,bulk,wholesale",
    "currency": "currency,dollar,dollars,usd,cad,euro,euros,eur,pound,pounds,gbp,sterling,"
                "yen,aud,convert,conversion,exchange rate,foreign transaction",
    "cost": "cost,charge,price,fee,much,pay",
    # accounts
    "register": "register,registration,signup,sign up,enroll,join,create,new account,"
                "make account,open account,set up account,set up login,create login,"
                "new login",
    "password": "password,passcode,passphrase,locked out,lock out,log in,login",
    "email": "email,e mail,gmail,yahoo,hotmail,outlook,inbox",
    "delete": "delete,erase,deactivate,wipe,get rid,close account,remove account,"
              "cancel account",
    "loyalty": "loyalty,point,points,reward,rewards,member,membership,perks",
    "credit": "store credit,account credit,credit account,credit balance,wallet,voucher",
    # privacy
    "data": "data,information,personal,details,personal data",
    "export": "copy,export,download,gdpr,ccpa,subject access,access request",
    "unsubscribe": "unsubscribe,opt out,newsletter,marketing,promo,promos,promotional,"
                   "promotion,spam,junk,mailing list,email list,sms",
    "cookie": "cookie,cookies,consent,banner,popup,pop up",
    # returns
    "refund": "refund,refunded,reimburse,reimbursement,money back",
    "return": "return,returnable,returned,send back,bring back,take back,mail back,"
              "ship back,give back",
    "exchange": "exchange,swap,trade",
    "size": "size,bigger,smaller,larger,small,medium,large,xl,xs,xxl,fit,tight,snug,"
            "loose,big,half size",
    "colour": "color,colour",
    "sale": "sale,clearance,discount,discounted,markdown,mark down,outlet,final sale,"
            "reduced,on sale",
    "shoe": "shoe,shoes,boot,boots,sneaker,sneakers,trainer,trainers,runner,runners,"
            "footwear,hiking boot",
    "indoors": "indoors,indoor,inside,house,carpet,apartment,living room,"
               "bedroom,kitchen,hallway",
    "outdoors": "outside,outdoors,outdoor,hike,hiked,mud,muddy,dirt,dirty,scuff,scuffed,"
                "pavement,sidewalk",
    # warranty
    "warranty": "warranty,warrantee,guarantee,guaranteed",
    "defect": "defect,defective,faulty,fault,manufacturing,fall apart,come apart,"
              "stop working,malfunction",
    "laundry": "wash,washing,washed,washer,washing machine,dryer,tumble dry,shrink,shrank,"
               "shrunk,laundry,launder,bleach,iron,ironing,dry clean",
    "mishap": "accident,accidental,accidentally,misuse,fire,burn,burned,burnt,"
              "melt,melted,pet,dog,cat,puppy,chew,chewed",
    "wear": "wear and tear,wear out,worn out,pilling,fade,faded",
    "repair": "repair,repaired,fix,fixed,mend,patch,sew,stitch,restore",
    "receipt": "receipt,proof,proof of purchase",
}.items()}
MAX_PHRASE = 3


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Lemma sequence -> concept tokens; built on first use (it needs spaCy's lemmas)."""
    from helpdesk.faq.text_normalizer import lemmas

    index: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name, members in CONCEPTS.items():
        token = f"concept_{name}"
        for member in members:
            for key in {tuple(member.split()), lemmas(member)}:
                if key and token not in index.get(key, ()):
                    index[key] = (*index.get(key, ()), token)
    return index


def with_concepts(lemmas: tuple[str, ...]) -> tuple[str, ...]:
    """The lemmas followed by the token of every concept they name (once each)."""
    index = _index()
    extra: dict[str, None] = {}
    for size in range(1, MAX_PHRASE + 1):
        for start in range(len(lemmas) - size + 1):
            for token in index.get(lemmas[start:start + size], ()):
                extra[token] = None
    return (*lemmas, *extra) if extra else lemmas
