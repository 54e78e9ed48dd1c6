"""How replies name an intent to a customer ("track an order", "查询订单"), e.g. in a clarifying
question. One short verb phrase per intent and language."""

from __future__ import annotations

from bot.turn import Language

PHRASES: dict[str, tuple[str, str]] = {
    "cancel_order": ("cancel an order", "取消订单"),
    "change_order": ("change the items in an order", "修改订单商品"),
    "change_shipping_address": ("change an order's delivery address", "修改订单收货地址"),
    "check_cancellation_fee": ("ask about cancellation fees", "了解取消费用"),
    "check_invoices": ("look at your invoices", "查看发票"),
    "check_payment_methods": ("ask which payment methods we accept", "了解支持的付款方式"),
    "check_refund_policy": ("ask about our refund policy", "了解退款政策"),
    "complaint": ("make a complaint", "投诉"),
    "contact_customer_service": ("contact customer service", "联系客服"),
    "contact_human_agent": ("talk to a person", "转人工客服"),
    "create_account": ("create an account", "注册账户"),
    "delete_account": ("delete your account", "注销账户"),
    "delivery_options": ("ask about delivery options", "了解配送方式"),
    "delivery_period": ("ask how long delivery takes", "了解配送时间"),
    "edit_account": ("edit your account details", "修改账户信息"),
    "get_invoice": ("get an invoice for an order", "获取订单发票"),
    "get_refund": ("get a refund", "申请退款"),
    "newsletter_subscription": ("manage the newsletter", "管理邮件订阅"),
    "payment_issue": ("sort out a payment problem", "处理付款问题"),
    "place_order": ("place an order", "下单购买"),
    "recover_password": ("reset your password", "找回密码"),
    "registration_problems": ("fix a sign-up problem", "解决注册问题"),
    "review": ("leave a review", "发表评价"),
    "set_up_shipping_address": ("add a shipping address to your account", "添加收货地址"),
    "switch_account": ("switch accounts", "切换账户"),
    "track_order": ("track an order", "查询订单"),
    "track_refund": ("check on a refund", "查询退款进度"),
    "return_item": ("return an item", "退货"),
    "exchange_item": ("exchange an item", "换货"),
    "product_question": ("ask about a product", "咨询商品"),
    "product_search": ("find a product", "查找商品"),
    "recommend_product": ("get a product recommendation", "获取商品推荐"),
    "compare_products": ("compare products", "比较商品"),
    "product_availability": ("check whether something is in stock", "查询库存"),
    "greet": ("say hello", "打招呼"),
    "goodbye": ("say goodbye", "告别"),
    "thank": ("say thanks", "致谢"),
    "affirm": ("confirm", "确认"),
    "deny": ("decline", "拒绝"),
    "provide_info": ("give your details", "提供信息"),
    "out_of_scope": ("ask about something else", "咨询其他问题"),
}


def phrase(intent: str, language: Language) -> str:
    english, chinese = PHRASES.get(intent, (intent.replace("_", " "), intent))
    return chinese if language == "zh" else english
