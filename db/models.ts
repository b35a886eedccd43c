/**
 * Sequelize models of the tables the application code reads and writes through the ORM. Hot paths (list pages,
 * projection upserts) use parameterised SQL on the same connection pool where the ORM would add cost.
 */
import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type CreationOptional, type Sequelize } from 'sequelize';
import type { Role } from '../domain/roles';

export type UserStatus = 'pending' | 'active' | 'rejected' | 'disabled';

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: string;
  declare username: string;
  declare passwordHash: string;
  declare name: string;
  declare mobile: string | null;
  declare email: string | null;
  declare role: Role;
  declare provinceCode: string | null;
  declare cityCode: string | null;
  declare orgName: string | null;
  declare uscc: string | null;
  declare status: CreationOptional<UserStatus>;
  declare rejectReason: string | null;
  declare registration: Record<string, unknown> | null;
  declare mustChangePassword: CreationOptional<boolean>;
  declare failedAttempts: CreationOptional<number>;
  declare lockedUntil: Date | null;
  declare lastLoginAt: Date | null;
  /** Imported with the public initial password: the first sign-in also proves the registered mobile by SMS. */
  declare firstSignInSms: CreationOptional<boolean>;
  declare passwordChangedAt: CreationOptional<Date>;
  /** False after an administrator changed the mobile, until the user signs in with the password once. */
  declare mobileConfirmed: CreationOptional<boolean>;
  declare reviewedBy: string | null;
  declare reviewedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export interface Models {
  User: typeof User;
}

export function initModels(sequelize: Sequelize): Models {
  const common = { sequelize, underscored: true } as const;
  User.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      username: { type: DataTypes.TEXT, allowNull: false },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      mobile: DataTypes.TEXT,
      email: DataTypes.TEXT,
      role: { type: DataTypes.TEXT, allowNull: false },
      provinceCode: DataTypes.CHAR(6),
      cityCode: DataTypes.CHAR(6),
      orgName: DataTypes.TEXT,
      uscc: DataTypes.CHAR(18),
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'active' },
      rejectReason: DataTypes.TEXT,
      registration: DataTypes.JSONB,
      mustChangePassword: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      failedAttempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lockedUntil: DataTypes.DATE,
      lastLoginAt: DataTypes.DATE,
      firstSignInSms: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      passwordChangedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      mobileConfirmed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      reviewedBy: DataTypes.UUID,
      reviewedAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { ...common, tableName: 'users' },
  );
  return { User };
}
