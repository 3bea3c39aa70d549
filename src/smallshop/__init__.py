"""smallshop: orders, customers, money and debts for a family micro-business."""

__version__ = "0.1.0"
