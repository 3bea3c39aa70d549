"""Pure business rules: records, money, periods, and the computations over them."""
